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
 * Evaluates events against every routable node in their workspace that triggers on their
 * type. Shared by the worker's router and the explain endpoint, so both reach the same
 * verdicts. Re-entry is decided later, by the activity's unique key. Works on a batch with
 * three queries whatever its size.
 */
@Injectable()
export class NodeEvaluator {
  constructor(private readonly db: DataSource) {}

  async evaluate(event: InboundEventEntity): Promise<NodeVerdict[]> {
    return (await this.evaluateMany([event])).get(event.id) ?? [];
  }

  /** Event id → verdicts, for events of one workspace. */
  async evaluateMany(events: InboundEventEntity[]): Promise<Map<string, NodeVerdict[]>> {
    const out = new Map<string, NodeVerdict[]>(events.map((e) => [e.id, []]));
    if (events.length === 0) return out;
    const workspaceId = events[0].workspaceId;
    const nodes = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoinAndMapOne('n.campaign', CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.workspace_id = :ws AND n.trigger_event_type IN (:...types)', { ws: workspaceId, types: [...new Set(events.map((e) => e.type))] })
      .andWhere(
        `(c.status IN (:...statuses) OR (c.status = :ended AND c.ends_at > now() - make_interval(days => ${LATE_SYNC_DAYS})))`,
        { statuses: ROUTABLE, ended: CampaignStatus.Ended },
      )
      .orderBy('n.created_at')
      .getMany();
    if (nodes.length === 0) return out;
    const types = new Set(nodes.map((n) => n.triggerEventType));
    const candidates = events.filter((e) => types.has(e.type));
    const circles = await this.circles(candidates.map((e) => e.participantId));
    for (const event of candidates) {
      out.set(
        event.id,
        nodes
          .filter((n) => n.triggerEventType === event.type)
          .map((node) => {
            const campaign = (node as NodeEntity & { campaign: CampaignEntity }).campaign;
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
              circles.get(event.participantId) ?? null,
            );
            return { node, campaign, match };
          }),
      );
    }
    return out;
  }

  private async circles(participantIds: string[]): Promise<Map<string, string | null>> {
    if (participantIds.length === 0) return new Map();
    const rows = await this.db
      .getRepository(ParticipantEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.circle'])
      .where('p.id IN (:...ids)', { ids: [...new Set(participantIds)] })
      .getMany();
    return new Map(rows.map((p) => [p.id, p.circle]));
  }
}
