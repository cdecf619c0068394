import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatus, DomainError, ErrorCodes } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, NodeEntity, SpreadEventEntity } from '@lib/persistence';
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
 * router recorded; before processing they are a preview computed the same way.
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
    const names = await this.nodeNames(workspaceId);
    const decided: NodeExplanation[] = event.decisions
      ? event.decisions.map((d) => ({
          nodeId: d.nodeId,
          nodeName: names.get(d.nodeId)?.name ?? '(deleted node)',
          campaignId: d.campaignId,
          matched: d.matched,
          activityId: d.activityId,
          ...(d.matched ? {} : { reason: d.reason, detail: d.detail }),
        }))
      : (await this.evaluator.evaluate(event)).map((v) => ({
          nodeId: v.node.id,
          nodeName: v.node.name,
          campaignId: v.campaign.id,
          matched: v.match.matched,
          ...(v.match.matched ? {} : { reason: v.match.reason, detail: v.match.detail }),
        }));
    const covered = new Set(decided.map((d) => d.nodeId));
    const otherLiveNodes = [...names.entries()]
      .filter(([id, n]) => !covered.has(id) && n.type !== event.type)
      .map(([id, n]) => ({
        nodeId: id,
        nodeName: n.name,
        campaignId: n.campaignId,
        matched: false,
        reason: 'EVENT_TYPE_MISMATCH',
        detail: `node triggers on '${n.type}', event is '${event.type}'`,
      }));
    const spread = await this.db.getRepository(SpreadEventEntity).findOneBy({ inboundEventId: event.id });
    return {
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      processed: event.processedAt !== null,
      basis: event.decisions ? 'recorded' : 'preview',
      nodes: [...decided, ...otherLiveNodes],
      mechanicInput: event.addressedActivityId ? (event.mechanicResult ?? { activityId: event.addressedActivityId, pending: true }) : null,
      spread: spread
        ? { spreadEventId: spread.id, status: spread.status, reason: spread.reason, depth: spread.depth, weight: spread.weight, campaignId: spread.campaignId }
        : null,
    };
  }

  private async nodeNames(workspaceId: string): Promise<Map<string, { name: string; campaignId: string; type: string }>> {
    const rows = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoin(CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.workspace_id = :ws AND c.status IN (:...s)', { ws: workspaceId, s: [CampaignStatus.Live, CampaignStatus.Paused] })
      .getMany();
    return new Map(rows.map((n) => [n.id, { name: n.name, campaignId: n.campaignId, type: n.triggerEventType }]));
  }
}
