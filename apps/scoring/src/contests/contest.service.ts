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
      standings: await this.standings(workspaceId, campaignId, nodeId, 0, 10),
    };
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
    return rows.map((r) => ({ rank: r.rank, member: r.member, participantId: r.externalId, score: Number(r.score), tieAt: r.tieAt }));
  }
}
