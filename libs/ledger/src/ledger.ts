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
      const already = await this.already(tx, req);
      if (already) return already;
      const exists = ((await tx.query(sql.BUDGET_EXISTS, [req.workspaceId, req.campaignId])) as unknown[]).length > 0;
      return { status: 'refused', reason: exists ? 'OVER_BUDGET' : 'NO_BUDGET' };
    }

    let reason: RefusalReason = 'OUT_OF_STOCK';
    for (const [i, poolId] of plan.pools.entries()) {
      const [row] = (await tx.query(sql.TAKE_FROM_POOL, params(poolId))) as TakeRow[];
      if (row.id) return taken(row, state);
      if (row.took > 0) {
        await tx.query(sql.UNDO_POOL, [poolId, reserved, 1 - reserved]);
        reason = 'OVER_BUDGET';
        continue;
      }
      // Only the first attempt can meet an earlier entry: the key lock is ours from here on.
      const already = i === 0 ? await this.already(tx, req) : null;
      if (already) return already;
      reason = await this.poolRefusal(tx, req, poolId);
      if (reason === 'POOL_NOT_FOUND') break;
    }
    return { status: 'refused', reason };
  }

  private async already(tx: EntityManager, req: AwardRequest): Promise<AwardResult | null> {
    const [row] = (await tx.query(sql.ENTRY_BY_KEY, [req.workspaceId, req.sourceKey])) as sql.EntryRow[];
    if (!row) return null;
    return { status: 'already', entryId: row.id, poolId: row.pool_id, amountMinor: Number(row.amount_minor), state: row.state };
  }

  private async poolRefusal(tx: EntityManager, req: AwardRequest, poolId: string): Promise<RefusalReason> {
    const [pool] = (await tx.query(sql.POOL_REFUSAL, [req.workspaceId, req.campaignId, poolId, req.participantId])) as { lim: number | null; held: number }[];
    if (!pool) return 'POOL_NOT_FOUND';
    return pool.lim !== null && pool.held >= pool.lim ? 'PARTICIPANT_LIMIT' : 'OUT_OF_STOCK';
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

function taken(row: TakeRow, state: 'reserved' | 'committed'): AwardResult {
  return { status: state, entryId: row.id as string, poolId: row.pool_id, amountMinor: Number(row.amount_minor), state };
}

// Outside a transaction each statement would commit alone and the advisory locks would end
// with it: the guarantees need the caller's transaction.
function assertInTransaction(tx: EntityManager): void {
  if (!tx.queryRunner?.isTransactionActive) throw new Error('Ledger: call inside a transaction (db.transaction(tx => …))');
}
