import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatus, DomainError, ErrorCodes } from '@lib/domain';
import { ActivityEntity, CampaignEntity, InboundEventEntity, NodeEntity, RouteDecision, SpreadEventEntity } from '@lib/persistence';
import { NodeEvaluator } from '@lib/routing';

export interface NodeExplanation {
  nodeId: string;
  nodeName: string;
  campaignId: string;
  matched: boolean;
  activityId?: string;
  reason?: string;
  detail?: string;
}

/**
 * "Why did (or didn't) this event enter?" For processed events the verdicts are the ones the
 * router recorded; before processing they are a preview computed the same way, re-entry
 * included. Live nodes the event never reached are listed with the reason too.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly db: DataSource,
    private readonly evaluator: NodeEvaluator,
  ) {}

  async explain(workspaceId: string, eventId: string) {
    const event = await this.db.getRepository(InboundEventEntity).findOneBy({ id: eventId, workspaceId });
    if (!event) throw new DomainError(ErrorCodes.EVENT_NOT_FOUND, `event ${eventId} not found`, 'not_found');
    const decisions = event.decisions ?? (await this.preview(event));
    const names = await this.nodeNames(workspaceId, decisions.map((d) => d.nodeId));
    const decided: NodeExplanation[] = decisions.map((d) => ({
      nodeId: d.nodeId,
      nodeName: names.get(d.nodeId)?.name ?? '(deleted node)',
      campaignId: d.campaignId,
      matched: d.matched,
      activityId: d.activityId,
      ...(d.matched ? {} : { reason: d.reason, detail: d.detail }),
    }));
    const covered = new Set(decided.map((d) => d.nodeId));
    const others = [...names.entries()]
      .filter(([id, n]) => !covered.has(id) && n.live)
      .map(([id, n]) => ({
        nodeId: id,
        nodeName: n.name,
        campaignId: n.campaignId,
        matched: false,
        ...(n.type === event.type
          ? { reason: 'NOT_EVALUATED', detail: 'the node was created or went live after this event was routed' }
          : { reason: 'EVENT_TYPE_MISMATCH', detail: `node triggers on '${n.type}', event is '${event.type}'` }),
      }));
    const spread = await this.db.getRepository(SpreadEventEntity).findOneBy({ inboundEventId: event.id });
    return {
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      processed: event.processedAt !== null,
      basis: event.decisions ? 'recorded' : 'preview',
      nodes: [...decided, ...others],
      mechanicInput: event.addressedActivityId ? (event.mechanicResult ?? { activityId: event.addressedActivityId, pending: true }) : null,
      spread: spread
        ? { spreadEventId: spread.id, status: spread.status, reason: spread.reason, depth: spread.depth, weight: spread.weight, campaignId: spread.campaignId }
        : null,
    };
  }

  /** What the router would decide now, including the re-entry rule it enforces by unique key. */
  private async preview(event: InboundEventEntity): Promise<RouteDecision[]> {
    const out: RouteDecision[] = [];
    for (const { node, campaign, match } of await this.evaluator.evaluate(event)) {
      const ids = { nodeId: node.id, campaignId: campaign.id };
      if (!match.matched) {
        out.push({ ...ids, ...match });
        continue;
      }
      const taken = await this.db
        .getRepository(ActivityEntity)
        .findOneBy({ nodeId: node.id, participantId: event.participantId, reentryKey: match.reentryKey });
      out.push(
        taken && taken.triggerEventId !== event.id
          ? { ...ids, matched: false, reason: 'REENTRY_BLOCKED', detail: `re-entry rule '${node.reentry}' already used by activity ${taken.id}` }
          : { ...ids, ...match, activityId: taken?.id },
      );
    }
    return out;
  }

  /** Names of the decided nodes (whatever their campaign's state) and of every live node. */
  private async nodeNames(workspaceId: string, decidedIds: string[]) {
    const live = [CampaignStatus.Live, CampaignStatus.Paused];
    const rows = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoinAndMapOne('n.campaign', CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.workspace_id = :ws', { ws: workspaceId })
      .andWhere('(c.status IN (:...live) OR n.id IN (:...ids))', { live, ids: decidedIds.length ? decidedIds : ['00000000-0000-0000-0000-000000000000'] })
      .getMany();
    return new Map(
      rows.map((n) => {
        const campaign = (n as NodeEntity & { campaign: CampaignEntity }).campaign;
        return [n.id, { name: n.name, campaignId: n.campaignId, type: n.triggerEventType, live: live.includes(campaign.status) }];
      }),
    );
  }
}
