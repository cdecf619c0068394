import { LedgerState, RewardKind } from '@lib/domain';
import { LedgerEntryRecord } from './award.types';

// The ledger's statements. Lock order everywhere: the source-key and participant advisory
// locks, then ledger entries, then pools (by id), then budgets (by campaign id), so two
// ledger transactions never wait on each other in a cycle.

/** Serialises one source key (idempotency) and, for pool awards, one participant of a campaign (limits). */
export const LOCK_KEY = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;
export const LOCK_KEY_AND_PARTICIPANT = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))`;

const INSERT_ENTRY = `
  e AS (
    INSERT INTO ledger_entry (workspace_id, campaign_id, pool_id, participant_id, activity_id, node_id, kind, state, amount_minor, currency, source_key, reserved_until)
    SELECT $1, $2, b.pool_id, $4, $8::uuid, $9::uuid, $10, $11, b.amount, b.currency, $5, $12::timestamptz FROM b
    RETURNING id, pool_id, amount_minor, state
  ), ev AS (
    INSERT INTO ledger_entry_event (workspace_id, entry_id, from_state, to_state, created_at)
    SELECT $1, id, NULL, state, clock_timestamp() FROM e
  )`;

// When nothing was taken, why, from the statement's snapshot (taken after the advisory locks):
// the entry that already holds the key, and whether the pool exists and the participant is at
// its limit. Evaluated only then (CASE / the lateral's qual), so an award pays nothing for it.
const WHY_NOT = `
  dup.id AS dup_id, dup.pool_id AS dup_pool_id, dup.amount_minor AS dup_amount_minor, dup.state AS dup_state`;
const DUP = `
  LEFT JOIN LATERAL (SELECT d.id, d.pool_id, d.amount_minor, d.state FROM ledger_entry d
                     WHERE e.id IS NULL AND d.workspace_id = $1 AND d.source_key = $5) dup ON true`;

/**
 * One unit of one pool and its value from the budget, in one statement: the pool's conditional
 * UPDATE (stock left, the participant under the pool's limit, the key not used) feeds the
 * budget's (cap not passed), which feeds the entry. The pool row is locked before the budget
 * row (b reads p). `took` = 1 with no entry means the budget refused: the caller undoes the pool.
 * $1 ws, $2 campaign, $3 pool, $4 participant, $5 source key, $6/$7 reserved/committed (0|1),
 * $8 activity, $9 node, $10 kind, $11 state, $12 reserved_until.
 */
export const TAKE_FROM_POOL = `
  WITH p AS (
    UPDATE prize_pool SET stock_reserved = stock_reserved + $6::int, stock_committed = stock_committed + $7::int, updated_at = now()
    WHERE id = $3 AND workspace_id = $1 AND campaign_id = $2
      AND stock_reserved + stock_committed < stock_total
      AND (per_participant_limit IS NULL OR per_participant_limit >
           (SELECT count(*) FROM ledger_entry l WHERE l.pool_id = $3 AND l.participant_id = $4 AND l.state <> 'released'))
      AND NOT EXISTS (SELECT 1 FROM ledger_entry d WHERE d.workspace_id = $1 AND d.source_key = $5)
    RETURNING id, unit_value_minor AS amount, currency
  ), b AS (
    UPDATE campaign_budget SET reserved_minor = reserved_minor + $6::int * p.amount, committed_minor = committed_minor + $7::int * p.amount, updated_at = now()
    FROM p
    WHERE campaign_budget.campaign_id = $2 AND campaign_budget.workspace_id = $1 AND campaign_budget.currency = p.currency
      AND (total_minor IS NULL OR reserved_minor + committed_minor + p.amount <= total_minor)
    RETURNING p.id AS pool_id, p.amount, p.currency
  ), ${INSERT_ENTRY}
  SELECT (SELECT count(*) FROM p)::int AS took, e.id, e.pool_id, e.amount_minor, e.state, ${WHY_NOT},
    CASE WHEN e.id IS NULL THEN (SELECT count(*) FROM prize_pool x WHERE x.id = $3 AND x.workspace_id = $1 AND x.campaign_id = $2)::int END AS found,
    CASE WHEN e.id IS NULL THEN (SELECT x.per_participant_limit FROM prize_pool x WHERE x.id = $3) END AS lim,
    CASE WHEN e.id IS NULL THEN (SELECT count(*) FROM ledger_entry l WHERE l.pool_id = $3 AND l.participant_id = $4 AND l.state <> 'released')::int END AS held
  FROM (VALUES (1)) one LEFT JOIN e ON true ${DUP}`;

/** An amount from the budget alone (no pool). Same parameters, $3 = the amount. */
export const TAKE_FROM_BUDGET = `
  WITH b AS (
    UPDATE campaign_budget SET reserved_minor = reserved_minor + $6::int * $3::bigint, committed_minor = committed_minor + $7::int * $3::bigint, updated_at = now()
    WHERE campaign_id = $2 AND workspace_id = $1
      AND (total_minor IS NULL OR reserved_minor + committed_minor + $3::bigint <= total_minor)
      AND NOT EXISTS (SELECT 1 FROM ledger_entry d WHERE d.workspace_id = $1 AND d.source_key = $5)
    RETURNING NULL::uuid AS pool_id, $3::bigint AS amount, currency
  ), ${INSERT_ENTRY}
  SELECT (SELECT count(*) FROM b)::int AS took, e.id, e.pool_id, e.amount_minor, e.state, ${WHY_NOT},
    CASE WHEN e.id IS NULL THEN (SELECT count(*) FROM campaign_budget x WHERE x.campaign_id = $2 AND x.workspace_id = $1)::int END AS found,
    NULL::int AS lim, NULL::int AS held
  FROM (VALUES (1)) one LEFT JOIN e ON true ${DUP}`;

/** Undoes a pool's unit taken in this transaction when the budget then refused (the row is still ours). */
export const UNDO_POOL = `UPDATE prize_pool SET stock_reserved = stock_reserved - $2::int, stock_committed = stock_committed - $3::int WHERE id = $1`;

const ENTRY_COLUMNS = `id, workspace_id, campaign_id, pool_id, participant_id, activity_id, node_id, kind, state, amount_minor, currency, source_key, reason, reserved_until, created_at, updated_at`;

export const ENTRY_FOR_UPDATE = `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE id = $1 AND workspace_id = $2 FOR UPDATE`;

export const MOVE_POOL = `UPDATE prize_pool SET stock_reserved = stock_reserved + $2::int, stock_committed = stock_committed + $3::int, updated_at = now() WHERE id = $1`;

/** Budget, entry and its history for one move; the entry row is already locked. $3/$4 deltas, $5 amount. */
export const MOVE_ENTRY = `
  WITH b AS (
    UPDATE campaign_budget SET reserved_minor = reserved_minor + $3::int * $5::bigint, committed_minor = committed_minor + $4::int * $5::bigint, updated_at = now()
    WHERE campaign_id = $2
  ), e AS (
    UPDATE ledger_entry SET state = $6, reason = coalesce($7, reason), reserved_until = NULL, updated_at = now()
    WHERE id = $1 RETURNING ${ENTRY_COLUMNS}
  ), ev AS (
    INSERT INTO ledger_entry_event (workspace_id, entry_id, from_state, to_state, reason, created_at)
    SELECT workspace_id, id, $8, state, $7, clock_timestamp() FROM e
  )
  SELECT * FROM e`;

/** Live reservations past their hold, oldest first; SKIP LOCKED leaves the ones a commit is moving. */
export const EXPIRED = `
  SELECT id FROM ledger_entry WHERE state = 'reserved' AND reserved_until <= $1
  ORDER BY reserved_until LIMIT $2 FOR UPDATE SKIP LOCKED`;

/** Gives back what the given reserved entries hold: pools, then budgets, each locked in id order first. */
export const LOCK_POOLS = `SELECT id FROM prize_pool WHERE id IN (SELECT pool_id FROM ledger_entry WHERE id = ANY($1)) ORDER BY id FOR UPDATE`;
export const RELEASE_POOLS = `
  UPDATE prize_pool p SET stock_reserved = p.stock_reserved - x.n, updated_at = now()
  FROM (SELECT pool_id, count(*)::int AS n FROM ledger_entry WHERE id = ANY($1) AND pool_id IS NOT NULL GROUP BY pool_id) x
  WHERE p.id = x.pool_id`;
export const LOCK_BUDGETS = `SELECT campaign_id FROM campaign_budget WHERE campaign_id IN (SELECT campaign_id FROM ledger_entry WHERE id = ANY($1)) ORDER BY campaign_id FOR UPDATE`;
export const RELEASE_BUDGETS = `
  UPDATE campaign_budget b SET reserved_minor = b.reserved_minor - x.total, updated_at = now()
  FROM (SELECT campaign_id, sum(amount_minor) AS total FROM ledger_entry WHERE id = ANY($1) GROUP BY campaign_id) x
  WHERE b.campaign_id = x.campaign_id`;
export const RELEASE_ENTRIES = `
  WITH e AS (
    UPDATE ledger_entry SET state = 'released', reason = $2, reserved_until = NULL, updated_at = now()
    WHERE id = ANY($1) RETURNING id, workspace_id
  )
  INSERT INTO ledger_entry_event (workspace_id, entry_id, from_state, to_state, reason, created_at)
  SELECT workspace_id, id, 'reserved', 'released', $2, clock_timestamp() FROM e`;

export interface EntryRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  pool_id: string | null;
  participant_id: string;
  activity_id: string | null;
  node_id: string | null;
  kind: RewardKind;
  state: LedgerState;
  amount_minor: string;
  currency: string;
  source_key: string;
  reason: string | null;
  reserved_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toEntryRecord(r: EntryRow): LedgerEntryRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    campaignId: r.campaign_id,
    poolId: r.pool_id,
    participantId: r.participant_id,
    activityId: r.activity_id,
    nodeId: r.node_id,
    kind: r.kind,
    state: r.state,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    sourceKey: r.source_key,
    reason: r.reason,
    reservedUntil: r.reserved_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
