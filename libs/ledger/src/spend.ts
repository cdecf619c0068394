import { DataSource, EntityManager } from 'typeorm';
import { REWARD_KINDS, RewardKind } from '@lib/domain';

/** What a campaign's rewards cost, in the budget's minor units. */
export interface CampaignSpend {
  /** The campaign's reward currency; null before any pool or budget exists. */
  currency: string | null;
  /** Committed spend: rewards given and not clawed back. */
  committedMinor: number;
  /** Held by reservations not yet committed or released. */
  reservedMinor: number;
  /** Amounts taken back by clawbacks of committed rewards. */
  clawedBackMinor: number;
  /** The cap; null when there is none. */
  budgetMinor: number | null;
  remainingMinor: number | null;
  /** Rewards given (committed) and their spend, per kind. */
  byKind: Record<RewardKind, { count: number; committedMinor: number }>;
}

/**
 * Spend of one campaign: totals from its budget row (kept exact by every ledger move), counts
 * per kind from the entries. Scoped by workspace like every read.
 */
export async function campaignSpend(db: DataSource | EntityManager, workspaceId: string, campaignId: string): Promise<CampaignSpend> {
  const [budgets, kinds, clawed] = await Promise.all([
    db.query(`SELECT currency, total_minor, reserved_minor, committed_minor FROM campaign_budget WHERE campaign_id = $1 AND workspace_id = $2`, [campaignId, workspaceId]),
    db.query(
      `SELECT kind, count(*)::int AS n, coalesce(sum(amount_minor), 0) AS minor FROM ledger_entry
       WHERE campaign_id = $1 AND workspace_id = $2 AND state = 'committed' GROUP BY kind`,
      [campaignId, workspaceId],
    ),
    // A clawback of a reservation took back nothing that was spent: only committed ones count.
    db.query(
      `SELECT coalesce(sum(e.amount_minor), 0) AS minor FROM ledger_entry e
       WHERE e.campaign_id = $1 AND e.workspace_id = $2 AND e.state = 'clawed_back'
         AND EXISTS (SELECT 1 FROM ledger_entry_event h WHERE h.entry_id = e.id AND h.to_state = 'committed')`,
      [campaignId, workspaceId],
    ),
  ]);
  const b = (budgets as { currency: string; total_minor: string | null; reserved_minor: string; committed_minor: string }[])[0];
  const byKind = Object.fromEntries(REWARD_KINDS.map((k) => [k, { count: 0, committedMinor: 0 }])) as CampaignSpend['byKind'];
  for (const r of kinds as { kind: RewardKind; n: number; minor: string }[]) byKind[r.kind] = { count: r.n, committedMinor: Number(r.minor) };
  const committed = Number(b?.committed_minor ?? 0);
  const reserved = Number(b?.reserved_minor ?? 0);
  const total = b?.total_minor == null ? null : Number(b.total_minor);
  return {
    currency: b?.currency ?? null,
    committedMinor: committed,
    reservedMinor: reserved,
    clawedBackMinor: Number((clawed as { minor: string }[])[0]?.minor ?? 0),
    budgetMinor: total,
    remainingMinor: total === null ? null : total - committed - reserved,
    byKind,
  };
}
