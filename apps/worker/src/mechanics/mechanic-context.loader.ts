import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCodes } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicRegistry } from '@lib/mechanics';
import { ActivityEntity, CampaignEntity, NodeEntity, OutboundMessageEntity } from '@lib/persistence';
import { nodeSnapshot } from './node-context.loader';

export interface LoadedActivity {
  activity: ActivityEntity;
  node: NodeEntity;
  campaign: CampaignEntity;
  handler: MechanicHandler;
  ctx: MechanicContext<object>;
}

/** Builds the snapshot a mechanic decides on; `load` also locks the activity row. */
@Injectable()
export class MechanicContextLoader {
  constructor(private readonly registry: MechanicRegistry) {}

  async load(tx: EntityManager, workspaceId: string, activityId: string): Promise<LoadedActivity | null> {
    const activity = await tx.getRepository(ActivityEntity).findOne({
      where: { id: activityId, workspaceId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!activity) return null;
    const node = await tx.getRepository(NodeEntity).findOneBy({ id: activity.nodeId });
    const campaign = await tx.getRepository(CampaignEntity).findOneBy({ id: activity.campaignId });
    if (!node || !campaign) throw new DomainError(ErrorCodes.NODE_NOT_FOUND, `node or campaign of activity ${activityId} is gone`, 'not_found');
    const messages = await tx.getRepository(OutboundMessageEntity).find({ where: { activityId }, select: { purpose: true, status: true } });
    return this.snapshot(activity, node, campaign, messages);
  }

  /** The same snapshot from rows already read (no lock): for deciding claims. */
  snapshot(activity: ActivityEntity, node: NodeEntity, campaign: CampaignEntity, messages: { purpose: string; status: string }[] = []): LoadedActivity {
    const { handler, ctx } = nodeSnapshot(this.registry, node, campaign);
    return {
      activity,
      node,
      campaign,
      handler,
      ctx: {
        ...ctx,
        activity: { id: activity.id, state: activity.state, result: activity.result, deadlineAt: activity.deadlineAt, triggeredAt: activity.triggeredAt },
        messages: messages.map((m) => ({ purpose: m.purpose, status: m.status })),
      },
    };
  }
}
