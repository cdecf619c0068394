import { DomainError } from '../errors/domain-error';

/** What a ledger entry pays out. Every kind of reward draws from the same campaign budget. */
export const REWARD_KINDS = ['prize', 'code', 'gift', 'bounty'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

/**
 * reserved → committed | released | clawed_back; committed → clawed_back. Released and
 * clawed_back are final. Reserved and committed entries hold a unit of their pool's stock and
 * their amount of the budget; released and clawed_back ones hold nothing.
 */
export const LEDGER_STATES = ['reserved', 'committed', 'released', 'clawed_back'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

export const LedgerErrors = {
  POOL_NOT_FOUND: 'LEDGER.POOL_NOT_FOUND',
  BUDGET_NOT_FOUND: 'LEDGER.BUDGET_NOT_FOUND',
  ENTRY_NOT_FOUND: 'LEDGER.ENTRY_NOT_FOUND',
  STOCK_BELOW_USED: 'LEDGER.STOCK_BELOW_USED',
  BUDGET_BELOW_USED: 'LEDGER.BUDGET_BELOW_USED',
  CURRENCY_MISMATCH: 'LEDGER.CURRENCY_MISMATCH',
  ILLEGAL_TRANSITION: 'LEDGER.ILLEGAL_TRANSITION',
  INVALID_AWARD: 'LEDGER.INVALID_AWARD',
} as const;

/** How a move changes what the entry holds: -1, 0 or +1 on the reserved and committed buckets. */
export interface HeldDelta {
  reserved: number;
  committed: number;
}

const MOVES: Record<LedgerState, readonly LedgerState[]> = {
  reserved: ['committed', 'released', 'clawed_back'],
  committed: ['clawed_back'],
  released: [],
  clawed_back: [],
};

const held = (s: LedgerState): HeldDelta => ({ reserved: s === 'reserved' ? 1 : 0, committed: s === 'committed' ? 1 : 0 });

/**
 * The counter changes of moving an entry from one state to another; `null` when it is already
 * there (a repeated commit, release or clawback is a no-op). Throws on a move the machine forbids.
 */
export function planLedgerMove(from: LedgerState, to: LedgerState): HeldDelta | null {
  if (from === to) return null;
  if (!MOVES[from].includes(to)) {
    throw new DomainError(LedgerErrors.ILLEGAL_TRANSITION, `a ${from} entry cannot become ${to}`, 'conflict', { from, to });
  }
  const a = held(from);
  const b = held(to);
  return { reserved: b.reserved - a.reserved, committed: b.committed - a.committed };
}
