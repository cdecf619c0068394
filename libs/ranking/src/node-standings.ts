/**
 * A node's standings (contest entries by votes, shouts by loudness), kept in Postgres
 * (node_standing) by the mechanic runtime. The fair order is the same as the Redis boards':
 * higher score first, then the earlier tie time (the entry's own time), then the member id in
 * byte order. Read here, in one place, by the worker (phases pick winners from it) and by
 * scoring (the standings API).
 */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface NodeStandingRow {
  rank: number;
  member: string;
  /** Our participant id. */
  participantId: string;
  /** The participant's external id (only with `externalIds`). */
  externalId?: string;
  score: bigint;
  tieAt: Date;
}

export const FAIR_STANDINGS_ORDER_SQL = 's.score DESC, s.tie_at, s.member COLLATE "C"';

export async function nodeStandings(db: SqlRunner, nodeId: string, offset: number, limit: number, opts: { externalIds?: boolean } = {}): Promise<NodeStandingRow[]> {
  const rows = (await db.query(
    `SELECT s.member, s.participant_id, s.score, s.tie_at${opts.externalIds ? ', p.external_id' : ''}
     FROM node_standing s${opts.externalIds ? ' JOIN participant p ON p.id = s.participant_id' : ''}
     WHERE s.node_id = $1 ORDER BY ${FAIR_STANDINGS_ORDER_SQL} OFFSET $2 LIMIT $3`,
    [nodeId, offset, limit],
  )) as { member: string; participant_id: string; score: string; tie_at: Date; external_id?: string }[];
  return rows.map((r, i) => ({
    rank: offset + i + 1,
    member: r.member,
    participantId: r.participant_id,
    ...(r.external_id !== undefined ? { externalId: r.external_id } : {}),
    score: BigInt(r.score),
    tieAt: new Date(r.tie_at),
  }));
}
