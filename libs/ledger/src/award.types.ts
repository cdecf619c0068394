import { LedgerState, RewardKind } from '@lib/domain';

/** One reward asked of the ledger. Ids are internal uuids (participant.id, activity.id, node.id). */
export interface AwardRequest {
  workspaceId: string;
  campaignId: string;
  participantId: string;
  /** The activity that earned the reward; every entry should name one when there is one. */
  activityId?: string;
  nodeId?: string;
  /** Idempotency key, unique per workspace: asking again with the same key returns the first entry. */
  sourceKey: string;
  kind: RewardKind;
  /** The pool a prize (or code) comes from; its unit value is the amount. */
  poolId?: string;
  /** The amount of a reward without a pool (a bounty, a gift), in the budget's minor units. */
  amountMinor?: number;
  /** Pools tried in order when the one before refuses (out of stock, over budget, at the participant's limit). */
  fallbackPoolIds?: string[];
  /** How long a reservation holds its stock before `releaseExpired` gives it back (default 15 min). */
  holdMs?: number;
}

export type RefusalReason = 'OUT_OF_STOCK' | 'OVER_BUDGET' | 'PARTICIPANT_LIMIT' | 'POOL_NOT_FOUND' | 'NO_BUDGET';

export type AwardResult =
  | {
      /** `already`: the source key was seen; the fields are the original entry's, `state` its current state. */
      status: 'reserved' | 'committed' | 'already';
      entryId: string;
      poolId: string | null;
      amountMinor: number;
      state: LedgerState;
    }
  | { status: 'refused'; reason: RefusalReason };

/** A ledger entry as the ledger returns it. */
export interface LedgerEntryRecord {
  id: string;
  workspaceId: string;
  campaignId: string;
  poolId: string | null;
  participantId: string;
  activityId: string | null;
  nodeId: string | null;
  kind: RewardKind;
  state: LedgerState;
  amountMinor: number;
  currency: string;
  sourceKey: string;
  reason: string | null;
  reservedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
