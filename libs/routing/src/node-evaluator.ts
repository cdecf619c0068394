import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatus, matchNode, NodeMatch } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, NodeEntity, ParticipantEntity } from '@lib/persistence';

export interface NodeVerdict {
  node: NodeEntity;
  campaign: CampaignEntity;
  match: NodeMatch;
}

// Campaigns whose nodes an event may still enter: live and paused ones, scheduled ones (their
// startsAt may have passed before the clock ticked) and ones ended recently (late syncs).
const ROUTABLE = [CampaignStatus.Live, CampaignStatus.Paused, CampaignStatus.Scheduled];
const LATE_SYNC_DAYS = 30;

/**
 * Evaluates an event against every node of a live or paused campaign in its workspace that
 * triggers on its type. Shared by the worker's router and the explain endpoint, so both
 * reach the same verdicts. Re-entry is decided later, by the activity's unique key.
 */
@Injectable()
export class NodeEvaluator {
  constructor(private readonly db: DataSource) {}

  async evaluate(event: InboundEventEntity): Promise<NodeVerdict[]> {
    const nodes = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoin(CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.workspace_id = :ws AND n.trigger_event_type = :type', { ws: event.workspaceId, type: event.type })
      .andWhere(
        `(c.status IN (:...statuses) OR (c.status = :ended AND c.ends_at > now() - make_interval(days => ${LATE_SYNC_DAYS})))`,
        { statuses: ROUTABLE, ended: CampaignStatus.Ended },
      )
      .orderBy('n.created_at')
      .getMany();
    if (nodes.length === 0) return [];
    const campaigns = await this.db
      .getRepository(CampaignEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: [...new Set(nodes.map((n) => n.campaignId))] })
      .getMany();
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    const participant = await this.db.getRepository(ParticipantEntity).findOneBy({ id: event.participantId });
    return nodes.map((node) => {
      const campaign = byId.get(node.campaignId)!;
      const match = matchNode(
        campaign,
        {
          triggerEventType: node.triggerEventType,
          conditions: node.conditions,
          audienceCircles: node.audienceCircles,
          window: { startsAt: node.windowStartsAt, endsAt: node.windowEndsAt, weekly: node.weeklySlots },
          reentry: node.reentry,
        },
        { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data },
        participant?.circle ?? null,
      );
      return { node, campaign, match };
    });
  }
}
