import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AwardRequest } from '@lib/ledger';

/** Campaigns, pools and participants for ledger specs, written straight to the tables. */
export class LedgerFixtures {
  constructor(
    private readonly db: DataSource,
    readonly workspaceId: string,
  ) {}

  async campaign(budget: { currency?: string; totalMinor?: number | null } = {}): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO campaign (workspace_id, name, timezone, version) VALUES ($1, 'Ledger spec', 'Asia/Shanghai', 1) RETURNING id`, [this.workspaceId]);
    await this.db.query(`INSERT INTO campaign_budget (campaign_id, workspace_id, currency, total_minor) VALUES ($1, $2, $3, $4)`, [
      id, this.workspaceId, budget.currency ?? 'CNY', budget.totalMinor ?? null,
    ]);
    return id;
  }

  async pool(campaignId: string, p: { stock: number; unitMinor?: number; limit?: number | null; currency?: string }): Promise<string> {
    const [{ id }] = await this.db.query(
      `INSERT INTO prize_pool (workspace_id, campaign_id, name, stock_total, unit_value_minor, currency, per_participant_limit)
       VALUES ($1, $2, 'pool', $3, $4, $5, $6) RETURNING id`,
      [this.workspaceId, campaignId, p.stock, p.unitMinor ?? 100, p.currency ?? 'CNY', p.limit ?? null],
    );
    return id;
  }

  async participants(n: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO participant (workspace_id, external_id) SELECT $1, 'fan-' || gen_random_uuid() FROM generate_series(1, $2) RETURNING id`,
      [this.workspaceId, n],
    );
    return rows.map((r) => r.id);
  }

  request(campaignId: string, participantId: string, over: Partial<AwardRequest> = {}): AwardRequest {
    return { workspaceId: this.workspaceId, campaignId, participantId, sourceKey: `spec:${randomUUID()}`, kind: 'prize', ...over };
  }

  /** Every invariant the ledger promises, checked from the rows: what the pools and budgets say they hold is what the entries hold. */
  async violations(campaignId: string): Promise<unknown[]> {
    const pools = await this.db.query(
      `SELECT p.id, p.stock_total, p.stock_reserved, p.stock_committed,
              count(e.*) FILTER (WHERE e.state = 'reserved')::int AS reserved, count(e.*) FILTER (WHERE e.state = 'committed')::int AS committed
       FROM prize_pool p LEFT JOIN ledger_entry e ON e.pool_id = p.id WHERE p.campaign_id = $1 GROUP BY p.id
       HAVING p.stock_reserved <> count(e.*) FILTER (WHERE e.state = 'reserved') OR p.stock_committed <> count(e.*) FILTER (WHERE e.state = 'committed')
           OR p.stock_reserved < 0 OR p.stock_committed < 0 OR p.stock_reserved + p.stock_committed > p.stock_total`,
      [campaignId],
    );
    const budget = await this.db.query(
      `SELECT b.*, (SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry WHERE campaign_id = b.campaign_id AND state = 'reserved') AS reserved,
              (SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry WHERE campaign_id = b.campaign_id AND state = 'committed') AS committed
       FROM campaign_budget b WHERE b.campaign_id = $1`,
      [campaignId],
    );
    const bad = budget.filter(
      (b: { reserved_minor: string; committed_minor: string; reserved: string; committed: string; total_minor: string | null }) =>
        b.reserved_minor !== b.reserved || b.committed_minor !== b.committed || (b.total_minor !== null && Number(b.reserved) + Number(b.committed) > Number(b.total_minor)),
    );
    const overLimit = await this.db.query(
      `SELECT e.pool_id, e.participant_id, count(*)::int AS n FROM ledger_entry e JOIN prize_pool p ON p.id = e.pool_id
       WHERE p.campaign_id = $1 AND e.state <> 'released' AND p.per_participant_limit IS NOT NULL
       GROUP BY e.pool_id, e.participant_id, p.per_participant_limit HAVING count(*) > p.per_participant_limit`,
      [campaignId],
    );
    const noHistory = await this.db.query(
      `SELECT e.id FROM ledger_entry e WHERE e.campaign_id = $1
         AND e.state <> (SELECT h.to_state FROM ledger_entry_event h WHERE h.entry_id = e.id ORDER BY h.created_at DESC LIMIT 1)`,
      [campaignId],
    );
    return [...pools.map((p: unknown) => ({ pool: p })), ...bad.map((b: unknown) => ({ budget: b })), ...overLimit.map((o: unknown) => ({ overLimit: o })), ...noHistory.map((h: unknown) => ({ history: h }))];
  }

  async stock(id: string): Promise<{ total: number; reserved: number; committed: number }> {
    const [p] = await this.db.query(`SELECT stock_total AS total, stock_reserved AS reserved, stock_committed AS committed FROM prize_pool WHERE id = $1`, [id]);
    return p;
  }

  async budget(campaignId: string): Promise<{ total: number | null; reserved: number; committed: number }> {
    const [b] = await this.db.query(`SELECT total_minor AS total, reserved_minor AS reserved, committed_minor AS committed FROM campaign_budget WHERE campaign_id = $1`, [campaignId]);
    return { total: b.total === null ? null : Number(b.total), reserved: Number(b.reserved), committed: Number(b.committed) };
  }
}

export const inTx = <T>(db: DataSource, fn: (tx: EntityManager) => Promise<T>): Promise<T> => db.transaction(fn);
