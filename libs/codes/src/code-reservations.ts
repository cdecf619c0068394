import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CodeErrors, CodeRefusal, readCode, UUID_PATTERN } from '@lib/domain';
import { AttemptLog } from './attempt-log';
import { CodeRow, refusalOf, snapshotOf } from './classify';
import { CodeHasher } from './code-hasher';
import * as sql from './code-sql';

export interface ReserveRequest {
  workspaceId: string;
  campaignId: string;
  /** The participant's external id. */
  participantId: string;
  /** As typed. */
  code: string;
  /** The product to be bought; refused with CODE.WRONG_PRODUCT when the pool names others. Omitted: no product check. */
  sku?: string | null;
  address?: string | null;
}

export type Reservation = { ok: true; reservationId: string; codeId: string; reservedUntil: Date } | { ok: false; reason: CodeRefusal; codeId?: string };

export interface PurchaseEvidence {
  workspaceId: string;
  eventId: string;
  /** Business time of the purchase: it consumes a reservation made before and held past it. */
  occurredAt: Date;
  /** The purchaser's external id. */
  participantId: string;
  reservationId?: string | null;
  code?: string | null;
}

export type Consumed = { consumed: true; codeId: string; reservationId: string } | { consumed: false; reason: 'NO_RESERVATION' | 'ALREADY_CONSUMED' | 'AFTER_HOLD' | 'NOT_THE_HOLDER' | 'MALFORMED' };

/**
 * The purchase gate's half of codes (the gate endpoint calls `reserve`).
 *
 * Contract: `reserve` holds a usable code for its participant for the pool's `holdSeconds`
 * (one reservation per code; the same participant asking again gets the same reservationId,
 * held anew) or says why not (MALFORMED, TYPO, UNKNOWN, ALREADY_USED, EXPIRED, NOT_YOURS,
 * RESERVED — someone else holds it —, WRONG_PRODUCT). `consumePurchase` (the worker, for every
 * `purchase` event naming `reservationId` or `code`) turns the reservation into a redemption
 * when the purchase's occurredAt is before the hold's end; delivered twice, it consumes once.
 * `releaseExpired` (the maintenance pass) gives codes whose hold ended back to their holder;
 * a purchase made within the hold but delivered after the release still consumes, unless the
 * code was reserved again meanwhile. `release` gives a live reservation back at once (an
 * abandoned checkout). Refusals are `CodeRefusal` values; map them with CODE_REFUSAL_CATEGORY.
 */
@Injectable()
export class CodeReservations {
  constructor(
    private readonly db: DataSource,
    private readonly hasher: CodeHasher,
    private readonly attempts: AttemptLog,
  ) {}

  /** `attempts` defaults to the module's shared log (an explicit one is accepted for callers written before). */
  async reserve(req: ReserveRequest, attempts: AttemptLog = this.attempts): Promise<Reservation> {
    const read = readCode(req.code);
    const note = (prefix: string | null, outcome: string) =>
      attempts.note({ workspaceId: req.workspaceId, campaignId: req.campaignId, action: 'reserve', participantId: req.participantId, address: req.address ?? null, hashPrefix: prefix, outcome, at: new Date() });
    if (!read.ok) {
      const reason = read.reason === 'TYPO' ? CodeErrors.TYPO : CodeErrors.MALFORMED;
      note(null, reason);
      return { ok: false, reason };
    }
    const hash = this.hasher.hash(read.code);
    const result = await this.reserveHash(req, hash);
    note(CodeHasher.prefix(hash), result.ok ? 'RESERVED' : result.reason);
    return result;
  }

  private async reserveHash(req: ReserveRequest, hash: string): Promise<Reservation> {
    const sku = req.sku ?? null;
    const [row] = (await this.db.query(sql.RESERVE, [req.workspaceId, hash, req.campaignId, req.participantId, sku])) as { id: string; reservation_id: string; reserved_until: Date }[];
    if (row) return { ok: true, reservationId: row.reservation_id, codeId: row.id, reservedUntil: row.reserved_until };
    const [code] = (await this.db.query(sql.LOOK_UP, [req.workspaceId, hash])) as CodeRow[];
    const reason = refusalOf(code && snapshotOf(code), req.campaignId, req.participantId, new Date()) ?? (sku !== null && code.skus && !code.skus.includes(sku) ? CodeErrors.WRONG_PRODUCT : CodeErrors.RESERVED);
    return { ok: false, reason, ...(code && reason !== CodeErrors.UNKNOWN ? { codeId: code.id } : {}) };
  }

  /** Idempotent: a second delivery of the same purchase finds the code redeemed under that reservation. */
  async consumePurchase(tx: EntityManager, p: PurchaseEvidence): Promise<Consumed> {
    const detail = JSON.stringify({ purchaseEventId: p.eventId });
    let rows: { id: string; reservation_id: string }[];
    let where: { column: 'reservation_id' | 'code_hash'; value: string };
    if (p.reservationId) {
      if (!UUID_PATTERN.test(p.reservationId)) return { consumed: false, reason: 'MALFORMED' };
      where = { column: 'reservation_id', value: p.reservationId };
      rows = await tx.query(sql.CONSUME('reservation_id'), [p.workspaceId, p.reservationId, p.occurredAt, detail, p.participantId]);
    } else {
      const read = readCode(p.code);
      if (!read.ok) return { consumed: false, reason: 'MALFORMED' };
      where = { column: 'code_hash', value: this.hasher.hash(read.code) };
      rows = await tx.query(sql.CONSUME('code_hash'), [p.workspaceId, where.value, p.occurredAt, detail, p.participantId]);
    }
    if (rows.length > 0) return { consumed: true, codeId: rows[0].id, reservationId: rows[0].reservation_id };
    const [seen] = (await tx.query(`SELECT state, reserved_until, reserved_by FROM invite_code WHERE workspace_id = $1 AND ${where.column} = $2 AND reservation_id IS NOT NULL`, [
      p.workspaceId,
      where.value,
    ])) as { state: string; reserved_until: Date; reserved_by: string | null }[];
    if (!seen) return { consumed: false, reason: 'NO_RESERVATION' };
    if (seen.state === 'redeemed') return { consumed: false, reason: 'ALREADY_CONSUMED' };
    // A reservation is the buyer's own: another participant's purchase naming it does not use it.
    if (seen.reserved_by !== p.participantId) return { consumed: false, reason: 'NOT_THE_HOLDER' };
    return { consumed: false, reason: 'AFTER_HOLD' };
  }

  /**
   * Gives a live reservation back at once (the checkout was abandoned), with `reason` in the
   * history; false when there is none to release (unknown, already consumed or released). A
   * purchase made before this instant still consumes it (its hold now ends here).
   */
  async release(workspaceId: string, reservationId: string, reason: string): Promise<boolean> {
    if (!UUID_PATTERN.test(reservationId)) return false;
    const rows = (await this.db.query(sql.RELEASE_ONE, [workspaceId, reservationId, reason.slice(0, 200)])) as unknown[];
    return rows.length > 0;
  }

  /** Releases reservations whose hold ended before `now`, at most `limit`; returns how many. */
  async releaseExpired(now: Date, limit = 1000): Promise<number> {
    const [{ n }] = (await this.db.query(sql.RELEASE_DUE, [now, limit])) as { n: number }[];
    return n;
  }

  /** Marks unused codes of pools past their expiry `expired` (history kept), at most `limit` a pass. */
  async expireDue(now: Date, limit = 5000): Promise<number> {
    let done = 0;
    for (const { id } of (await this.db.query(sql.EXPIRED_POOLS, [now])) as { id: string }[]) {
      if (done >= limit) break;
      const [{ n }] = (await this.db.query(sql.EXPIRE_POOL_CODES, [id, limit - done])) as { n: number }[];
      done += n;
      if (done < limit) await this.db.query(sql.POOL_EXPIRED, [id, now]);
    }
    return done;
  }
}
