import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CodeErrors, DomainError, ErrorCodes, generateCodes } from '@lib/domain';
import { CodeBatchEntity, CodeEventKind, CodePoolEntity } from '@lib/persistence';
import { CodeHasher } from './code-hasher';
import * as sql from './code-sql';

/** The most codes one generation call makes (one statement, about a second here). */
export const MAX_GENERATE = 100_000;
/** The most codes one allocation hands to one participant. */
export const MAX_ALLOCATE = 100;

export type AllocationRefusal =
  | typeof CodeErrors.POOL_EXPIRED
  | typeof CodeErrors.NOT_YET_ALLOCATABLE
  | typeof CodeErrors.CIRCLE_NOT_ALLOWED
  | typeof CodeErrors.PARTICIPANT_LIMIT_REACHED
  | typeof CodeErrors.POOL_CAPACITY_REACHED;

export type Allocation = { ok: true; codes: { codeId: string; code: string }[] } | { ok: false; reason: AllocationRefusal; detail?: Record<string, unknown> };

/** Who asks for codes, as allocation rules see them. `circle` is participant.circle (null: none or unknown). */
export interface Allocatee {
  participantId: string;
  circle: string | null;
}

/**
 * Makes codes: plaintext from the CSPRNG, returned once to the caller, stored only as keyed
 * hashes (a collision with a stored code is drawn again). Runs in the caller's transaction, so
 * codes, their history, the pool's counter and the caller's audit row commit together.
 */
@Injectable()
export class CodeIssuer {
  constructor(private readonly hasher: CodeHasher) {}

  /** Bulk generation for printing: unbound codes anyone holding them may use. */
  async generate(tx: EntityManager, pool: CodePoolEntity, count: number, idempotencyKey: string | null): Promise<{ batchId: string; codes: string[] }> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATE) throw new DomainError(ErrorCodes.VALIDATION_FAILED, `count must be 1 to ${MAX_GENERATE}`, 'validation', { field: 'count' });
    const inserted = (await tx.query(
      `INSERT INTO code_batch (workspace_id, pool_id, count, idempotency_key) VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id`,
      [pool.workspaceId, pool.id, count, idempotencyKey],
    )) as { id: string }[];
    if (inserted.length === 0) {
      const batch = await tx.getRepository(CodeBatchEntity).findOneByOrFail({ workspaceId: pool.workspaceId, idempotencyKey: idempotencyKey! });
      throw new DomainError(CodeErrors.BATCH_ALREADY_ISSUED, 'a batch was already made under this Idempotency-Key; its codes were shown once and are not stored', 'conflict', {
        batchId: batch.id,
        poolId: batch.poolId,
        count: batch.count,
      });
    }
    await this.takeCapacity(tx, pool, count);
    const codes = await this.insert(tx, pool, count, { batchId: inserted[0].id, state: 'issued', participantId: null, kinds: ['issued'] });
    return { batchId: inserted[0].id, codes: codes.map((c) => c.code) };
  }

  /**
   * Fresh codes bound to one participant, within the pool's rules at business time `at`:
   * allocatable from (inclusive), expiry (exclusive), circles, the per-participant limit
   * (an advisory lock per pool × participant orders racing calls) and capacity.
   */
  async allocate(tx: EntityManager, pool: CodePoolEntity, who: Allocatee, count: number, at: Date): Promise<Allocation> {
    if (pool.expiresAt && at.getTime() >= pool.expiresAt.getTime()) return { ok: false, reason: CodeErrors.POOL_EXPIRED, detail: { expiresAt: pool.expiresAt.toISOString() } };
    if (pool.allocatableFrom && at.getTime() < pool.allocatableFrom.getTime()) {
      return { ok: false, reason: CodeErrors.NOT_YET_ALLOCATABLE, detail: { allocatableFrom: pool.allocatableFrom.toISOString() } };
    }
    if (pool.circles && (who.circle === null || !pool.circles.includes(who.circle))) return { ok: false, reason: CodeErrors.CIRCLE_NOT_ALLOWED, detail: { circles: pool.circles } };
    if (pool.perParticipantLimit !== null) {
      await tx.query(sql.LOCK_PARTICIPANT, [pool.id, who.participantId]);
      const [{ n }] = (await tx.query(sql.COUNT_ALLOCATED, [pool.id, who.participantId])) as { n: number }[];
      if (n + count > pool.perParticipantLimit) {
        return { ok: false, reason: CodeErrors.PARTICIPANT_LIMIT_REACHED, detail: { limit: pool.perParticipantLimit, allocated: n } };
      }
    }
    const [taken] = (await tx.query(sql.TAKE_CAPACITY, [pool.id, count])) as unknown[][];
    if (taken.length === 0) return { ok: false, reason: CodeErrors.POOL_CAPACITY_REACHED, detail: { capacity: pool.capacity } };
    const codes = await this.insert(tx, pool, count, { batchId: null, state: 'allocated', participantId: who.participantId, kinds: ['issued', 'allocated'] });
    return { ok: true, codes };
  }

  private async takeCapacity(tx: EntityManager, pool: CodePoolEntity, count: number): Promise<void> {
    const [taken] = (await tx.query(sql.TAKE_CAPACITY, [pool.id, count])) as unknown[][];
    if (taken.length === 0) throw new DomainError(CodeErrors.POOL_CAPACITY_REACHED, `the pool holds at most ${pool.capacity} codes`, 'conflict', { capacity: pool.capacity });
  }

  private async insert(
    tx: EntityManager,
    pool: CodePoolEntity,
    count: number,
    o: { batchId: string | null; state: 'issued' | 'allocated'; participantId: string | null; kinds: CodeEventKind[] },
  ): Promise<{ codeId: string; code: string }[]> {
    const out: { codeId: string; code: string }[] = [];
    const withIds = count <= MAX_ALLOCATE;
    let wanted = count;
    for (let round = 0; wanted > 0; round++) {
      if (round >= 5) throw new Error('could not draw unique codes in 5 rounds (is the code space exhausted?)');
      const plain = generateCodes(wanted);
      const byHash = new Map(plain.map((c) => [this.hasher.hash(c), c]));
      const params = [pool.workspaceId, pool.campaignId, pool.id, o.batchId, o.state, o.participantId, pool.expiresAt, [...byHash.keys()], o.kinds];
      const rows = (await tx.query(sql.INSERT_CODES(withIds), params)) as { id?: string; code_hash: string }[];
      if (withIds) {
        for (const r of rows) out.push({ codeId: r.id!, code: byHash.get(r.code_hash)! });
        wanted -= rows.length;
      } else {
        const collided = new Set(rows.map((r) => r.code_hash));
        for (const [hash, code] of byHash) if (!collided.has(hash)) out.push({ codeId: '', code });
        wanted = collided.size;
      }
    }
    return out;
  }
}
