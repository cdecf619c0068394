import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { matchNode, NodeMatch } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, NodeEntity, ParticipantEntity } from '@lib/persistence';
import { routableCampaignSql, toMatchCampaign, toMatchNode } from './routable';
import { recordedOpenings, rolloutTimings } from './rollout';

export interface NodeVerdict {
  node: NodeEntity;
  campaign: CampaignEntity;
  match: NodeMatch;
}

/**
 * Evaluates events against every routable node in their workspace that triggers on their
 * type. Shared by the worker's router and the explain endpoint, so both reach the same
 * verdicts. matchNode judges every rule but re-entry, which the activity's unique key decides
 * (reentryDecision). Works on a batch with two queries whatever its size.
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
    const since = new Date(Math.min(...events.map((e) => e.receivedAt.getTime())));
    const nodes = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoinAndMapOne('n.campaign', CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.workspace_id = :ws AND n.trigger_event_type IN (:...types)', { ws: events[0].workspaceId, types: [...new Set(events.map((e) => e.type))] })
      .andWhere(routableCampaignSql(':since'), { since })
      .orderBy('n.created_at')
      .getMany();
    if (nodes.length === 0) return out;
    const types = new Set(nodes.map((n) => n.triggerEventType));
    const candidates = events.filter((e) => types.has(e.type));
    const circles = await this.circles(candidates.map((e) => e.participantId));
    // Rollout stage timings once per node for the whole batch (one query, only nodes with a rollout).
    const opened = await recordedOpenings(this.db, nodes.filter((n) => n.rollout).map((n) => n.id));
    const matchNodes = new Map(
      nodes.map((n) => [n.id, toMatchNode(n, rolloutTimings(n, (n as NodeEntity & { campaign: CampaignEntity }).campaign, opened.get(n.id)))]),
    );
    for (const event of candidates) {
      const matchEvent = { id: event.id, type: event.type, occurredAt: event.occurredAt, receivedAt: event.receivedAt, data: event.data };
      const verdicts = nodes
        .filter((n) => n.triggerEventType === event.type)
        .map((node) => {
          const campaign = (node as NodeEntity & { campaign: CampaignEntity }).campaign;
          return { node, campaign, match: matchNode(toMatchCampaign(campaign), matchNodes.get(node.id)!, matchEvent, circles.get(event.participantId) ?? null) };
        });
      out.set(event.id, verdicts);
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
