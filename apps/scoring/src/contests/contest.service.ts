import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCodes } from '@lib/domain';
import { NodeEntity } from '@lib/persistence';

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
      phases: phases.map((p) => ({ name: p.name, dueAt: p.due_at, state: p.state, ranAt: p.ran_at, outcome: p.outcome })),
      inputs: byType,
      participants: entrants,
      standings: await this.standings(workspaceId, campaignId, nodeId, 0, 10),
    };
  }

  /** Fair order: score, then earlier tie time (the entry's), then member id in byte order. */
  async standings(workspaceId: string, campaignId: string, nodeId: string, offset: number, limit: number) {
    await this.node(workspaceId, campaignId, nodeId);
    const rows: { member: string; external_id: string; score: string; tie_at: Date }[] = await this.db.query(
      `SELECT s.member, p.external_id, s.score, s.tie_at FROM node_standing s JOIN participant p ON p.id = s.participant_id
       WHERE s.node_id = $1 ORDER BY s.score DESC, s.tie_at, s.member COLLATE "C" OFFSET $2 LIMIT $3`,
      [nodeId, offset, limit],
    );
    return rows.map((r, i) => ({ rank: offset + i + 1, member: r.member, participantId: r.external_id, score: Number(r.score), tieAt: r.tie_at }));
  }
}
