import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCodes } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicRegistry } from '@lib/mechanics';
import { ActivityEntity, CampaignEntity, NodeEntity } from '@lib/persistence';

export interface LoadedActivity {
  activity: ActivityEntity;
  node: NodeEntity;
  campaign: CampaignEntity;
  handler: MechanicHandler;
  ctx: MechanicContext<object>;
}

/** Locks an activity row and builds the snapshot its mechanic decides on. */
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
    const handler = this.registry.get(node.mechanicKind);
    const config = this.registry.parseConfig(node.mechanicKind, node.config, node.configVersion);
    return {
      activity,
      node,
      campaign,
      handler,
      ctx: {
        config,
        campaign: { id: campaign.id, name: campaign.name, timezone: campaign.timezone },
        node: { id: node.id, name: node.name, channel: node.channel },
        activity: { id: activity.id, state: activity.state, result: activity.result, deadlineAt: activity.deadlineAt, createdAt: activity.createdAt },
        now: new Date(),
      },
    };
  }
}
