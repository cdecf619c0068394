import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCodes } from '@lib/domain';
import { NodeEntity } from '@lib/persistence';
import { nodeStandings } from '@lib/ranking';

type Count = { n: string };
const num = (rows: Count[]) => Number(rows[0]?.n ?? 0);

/**
 * A contest or lottery node as the marketer reads it: its phases (what ran, when, with what
 * result), what its inputs came to (entries, votes by verdict and reason) and its standings in
 * the fair order. Read from the mechanic runtime's tables in Postgres, the source of truth.
 */
@Injectable()
export class ContestService {
  constructor(private readonly db: DataSource) {}

  async node(workspaceId: string, campaignId: string, nodeId: string): Promise<NodeEntity> {
    const node = await this.db.getRepository(NodeEntity).findOneBy({ id: nodeId, campaignId, workspaceId });
    if (!node) throw new DomainError(ErrorCodes.NODE_NOT_FOUND, `node ${nodeId} not found in campaign ${campaignId}`, 'not_found');
    return node;
  }

  async summary(workspaceId: string, campaignId: string, nodeId: string) {
    const node = await this.node(workspaceId, campaignId, nodeId);
    const phases: { name: string; due_at: Date; state: string; ran_at: Date | null; outcome: Record<string, unknown> }[] = await this.db.query(
      'SELECT name, due_at, state, ran_at, outcome FROM node_phase WHERE node_id = $1 ORDER BY due_at, name',
      [nodeId],
    );
    const inputs: { event_type: string; state: string; accepted: boolean | null; reason: string | null; n: string }[] = await this.db.query(
      `SELECT event_type, state, accepted, reason, count(*) AS n FROM mechanic_input WHERE node_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [nodeId],
    );
    const byType: Record<string, { total: number; accepted: number; rejected: Record<string, number>; waiting: number; pending: number }> = {};
    for (const r of inputs) {
      const t = (byType[r.event_type] ??= { total: 0, accepted: 0, rejected: {}, waiting: 0, pending: 0 });
      const n = Number(r.n);
      t.total += n;
      if (r.state === 'judged' && r.accepted) t.accepted += n;
      else if (r.state === 'judged') t.rejected[r.reason ?? 'REJECTED'] = (t.rejected[r.reason ?? 'REJECTED'] ?? 0) + n;
      else if (r.state === 'waiting') t.waiting += n;
      else t.pending += n;
    }
    const entrants = num(await this.db.query('SELECT count(DISTINCT participant_id) AS n FROM activity WHERE node_id = $1', [nodeId]));
    return {
      nodeId,
      kind: node.mechanicKind,
      phases: await Promise.all(phases.map(async (p) => ({ name: p.name, dueAt: p.due_at, state: p.state, ranAt: p.ran_at, outcome: await this.external(workspaceId, p.outcome) }))),
      inputs: byType,
      participants: entrants,
      cascades: await this.cascades(workspaceId, nodeId),
      standings: await this.standings(workspaceId, campaignId, nodeId, 0, 10),
    };
  }

  /**
   * The spread under the node's accepted cascade roots, by the root's event type: for a UGC
   * contest, round 1 under the brand's seed `post`, round 2 under the `entry`s. Counted rows
   * only; reach is distinct people, follows those naming a post in the cascade.
   */
  private async cascades(workspaceId: string, nodeId: string) {
    const rows: { root_type: string; roots: string; reposts: string; reach: string; follows: string }[] = await this.db.query(
      `WITH RECURSIVE roots AS (
         SELECT m.event_type AS root_type, coalesce(e.data->>'postId', e.data->>'entryId') AS ref
         FROM mechanic_input m JOIN inbound_event e ON e.id = m.event_id
         WHERE m.node_id = $2 AND m.state = 'judged' AND m.accepted AND m.event_type IN ('post', 'entry')
       ), tree AS (
         SELECT r.root_type, s.id, s.post_ref, s.kind, s.actor_id FROM roots r
         JOIN spread_event s ON s.workspace_id = $1 AND s.post_ref = r.ref AND s.status = 'counted'
         UNION
         SELECT t.root_type, c.id, c.post_ref, c.kind, c.actor_id FROM tree t
         JOIN spread_event c ON c.workspace_id = $1 AND c.parent_ref = t.post_ref AND c.status = 'counted'
       )
       SELECT root_type, count(*) FILTER (WHERE kind = 'post') AS roots, count(*) FILTER (WHERE kind IN ('repost', 'referral')) AS reposts,
              count(DISTINCT actor_id) AS reach, count(*) FILTER (WHERE kind = 'follow') AS follows
       FROM tree GROUP BY root_type ORDER BY root_type`,
      [workspaceId, nodeId],
    );
    return Object.fromEntries(rows.map((r) => [r.root_type, { roots: Number(r.roots), reposts: Number(r.reposts), reach: Number(r.reach), follows: Number(r.follows) }]));
  }

  /** A phase outcome names winners by our participant ids; the API shows the marketer's ids. */
  private async external(workspaceId: string, outcome: Record<string, unknown>): Promise<Record<string, unknown>> {
    const winners = Array.isArray(outcome.winners) ? (outcome.winners as Record<string, unknown>[]) : null;
    const ids = winners?.map((w) => w.participantId).filter((id): id is string => typeof id === 'string') ?? [];
    if (!winners || ids.length === 0) return outcome;
    const rows: { id: string; external_id: string }[] = await this.db.query('SELECT id, external_id FROM participant WHERE workspace_id = $1 AND id = ANY($2)', [workspaceId, ids]);
    const byId = new Map(rows.map((r) => [r.id, r.external_id]));
    return { ...outcome, winners: winners.map((w) => (typeof w.participantId === 'string' ? { ...w, participantId: byId.get(w.participantId) ?? null } : w)) };
  }

  /** In the fair order (libs/ranking: score, then the earlier entry, then its id). */
  async standings(workspaceId: string, campaignId: string, nodeId: string, offset: number, limit: number) {
    await this.node(workspaceId, campaignId, nodeId);
    const rows = await nodeStandings(this.db, nodeId, offset, limit, { externalIds: true });
    // A member that is a participant (a voice-shout place) is shown by the marketer's id too.
    return rows.map((r) => ({ rank: r.rank, member: r.member === r.participantId ? r.externalId : r.member, participantId: r.externalId, score: Number(r.score), tieAt: r.tieAt }));
  }
}
