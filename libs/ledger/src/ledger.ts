import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, LedgerErrors, LedgerState, planLedgerMove } from '@lib/domain';
import { AwardRequest, AwardResult, LedgerEntryRecord, RefusalReason } from './award.types';
import { planAward } from './award-request';
import * as sql from './ledger-sql';

/** Why `releaseExpired` released an entry. */
export const RESERVATION_EXPIRED = 'RESERVATION_EXPIRED';

interface TakeRow {
  took: number;
  id: string | null;
  pool_id: string | null;
  amount_minor: string | null;
  state: LedgerState | null;
  // Only when nothing was taken: an earlier entry of the key, whether the pool (or budget) exists, the limit.
  dup_id: string | null;
  dup_pool_id: string | null;
  dup_amount_minor: string | null;
  dup_state: LedgerState | null;
  found: number | null;
  lim: number | null;
  held: number | null;
}

/**
 * The one budget ledger every reward goes through (prizes, codes, gifts, bounties). Methods
 * that take `tx` run inside the caller's transaction (READ COMMITTED, the default), so an
 * award commits or rolls back with the work that earned it. Stock, budget and per-participant
 * limits hold under any concurrency: conditional UPDATEs under row locks, advisory locks for
 * the source key and the participant, CHECK constraints behind them.
 */
@Injectable()
export class Ledger {
  constructor(private readonly db: DataSource) {}

  /** Holds a unit (or an amount) until `commit`, `release`, or `releaseExpired` after `holdMs`. */
  reserve(tx: EntityManager, req: AwardRequest): Promise<AwardResult> {
    return this.take(tx, req, 'reserved');
  }

  /** Reserve and commit at once. */
  award(tx: EntityManager, req: AwardRequest): Promise<AwardResult> {
    return this.take(tx, req, 'committed');
  }

  /** A reservation becomes spend. Committing a committed entry is a no-op; a released one, LEDGER.ILLEGAL_TRANSITION. */
  commit(tx: EntityManager, workspaceId: string, entryId: string): Promise<LedgerEntryRecord> {
    return this.move(tx, workspaceId, entryId, 'committed', null);
  }

  /** A reservation gives its unit and amount back (the award failed). */
  release(tx: EntityManager, workspaceId: string, entryId: string, reason: string): Promise<LedgerEntryRecord> {
    return this.move(tx, workspaceId, entryId, 'released', reason);
  }

  /**
   * Takes a reserved or committed reward back (fraud): its unit returns to the pool's stock
   * and its amount to the budget, so spend no longer counts it. The entry stays, clawed_back,
   * and still counts against the participant's limit in that pool.
   */
  clawback(tx: EntityManager, workspaceId: string, entryId: string, reason: string): Promise<LedgerEntryRecord> {
    return this.move(tx, workspaceId, entryId, 'clawed_back', reason);
  }

  /** Releases reservations whose hold ended before `now`, at most `limit`; returns how many. Own transaction. */
  async releaseExpired(now: Date, limit = 500): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ids = ((await tx.query(sql.EXPIRED, [now, limit])) as { id: string }[]).map((r) => r.id);
      if (ids.length === 0) return 0;
      await tx.query(sql.LOCK_POOLS, [ids]);
      await tx.query(sql.RELEASE_POOLS, [ids]);
      await tx.query(sql.LOCK_BUDGETS, [ids]);
      await tx.query(sql.RELEASE_BUDGETS, [ids]);
      await tx.query(sql.RELEASE_ENTRIES, [ids, RESERVATION_EXPIRED]);
      return ids.length;
    });
  }

  private async take(tx: EntityManager, req: AwardRequest, state: 'reserved' | 'committed'): Promise<AwardResult> {
    assertInTransaction(tx);
    const plan = planAward(req);
    const keyLock = `ledger:key:${req.workspaceId}:${req.sourceKey}`;
    if (plan.pools.length > 0) await tx.query(sql.LOCK_KEY_AND_PARTICIPANT, [keyLock, `ledger:participant:${req.campaignId}:${req.participantId}`]);
    else await tx.query(sql.LOCK_KEY, [keyLock]);

    const reserved = state === 'reserved' ? 1 : 0;
    const params = (target: string | number) => [
      req.workspaceId, req.campaignId, target, req.participantId, req.sourceKey, reserved, 1 - reserved,
      req.activityId ?? null, req.nodeId ?? null, req.kind, state, reserved ? new Date(Date.now() + plan.holdMs) : null,
    ];

    if (plan.amountMinor !== null) {
      const [row] = (await tx.query(sql.TAKE_FROM_BUDGET, params(plan.amountMinor))) as TakeRow[];
      if (row.id) return taken(row, state);
      if (row.dup_id) return already(row);
      return { status: 'refused', reason: row.found ? 'OVER_BUDGET' : 'NO_BUDGET' };
    }

    let reason: RefusalReason = 'OUT_OF_STOCK';
    for (const poolId of plan.pools) {
      const [row] = (await tx.query(sql.TAKE_FROM_POOL, params(poolId))) as TakeRow[];
      if (row.id) return taken(row, state);
      // Only the first attempt can meet an earlier entry: the key lock is ours from then on.
      if (row.dup_id) return already(row);
      if (row.took > 0) {
        await tx.query(sql.UNDO_POOL, [poolId, reserved, 1 - reserved]);
        reason = 'OVER_BUDGET';
        continue;
      }
      if (!row.found) return { status: 'refused', reason: 'POOL_NOT_FOUND' };
      reason = row.lim !== null && (row.held ?? 0) >= row.lim ? 'PARTICIPANT_LIMIT' : 'OUT_OF_STOCK';
    }
    return { status: 'refused', reason };
  }

  private async move(tx: EntityManager, workspaceId: string, entryId: string, to: LedgerState, reason: string | null): Promise<LedgerEntryRecord> {
    assertInTransaction(tx);
    const [row] = (await tx.query(sql.ENTRY_FOR_UPDATE, [entryId, workspaceId])) as sql.EntryRow[];
    if (!row) throw new DomainError(LedgerErrors.ENTRY_NOT_FOUND, `ledger entry ${entryId} not found`, 'not_found');
    const delta = planLedgerMove(row.state, to);
    if (!delta) return sql.toEntryRecord(row);
    if (row.pool_id) await tx.query(sql.MOVE_POOL, [row.pool_id, delta.reserved, delta.committed]);
    const [moved] = (await tx.query(sql.MOVE_ENTRY, [
      entryId, row.campaign_id, delta.reserved, delta.committed, row.amount_minor, to, reason, row.state,
    ])) as sql.EntryRow[];
    return sql.toEntryRecord(moved);
  }
}

function already(row: TakeRow): AwardResult {
  return { status: 'already', entryId: row.dup_id as string, poolId: row.dup_pool_id, amountMinor: Number(row.dup_amount_minor), state: row.dup_state as LedgerState };
}

function taken(row: TakeRow, state: 'reserved' | 'committed'): AwardResult {
  return { status: state, entryId: row.id as string, poolId: row.pool_id, amountMinor: Number(row.amount_minor), state };
}

// Outside a transaction each statement would commit alone and the advisory locks would end
// with it: the guarantees need the caller's transaction.
function assertInTransaction(tx: EntityManager): void {
  if (!tx.queryRunner?.isTransactionActive) throw new Error('Ledger: call inside a transaction (db.transaction(tx => …))');
}
