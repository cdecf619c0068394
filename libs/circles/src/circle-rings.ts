import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@lib/domain';
import { CirclePhaseEntity, CircleRingEntity } from '@lib/persistence';
import { Admissions, SeatCount } from './admissions';
import { CircleErrors, MAX_RINGS } from './circle-codes';
import { PromotionRule, validatePromotionRule } from './promotion-rule';
import { SeatPhase, seatsOpenAt, validatePhases } from './seats';

export interface RingPatch {
  promotion?: PromotionRule | null;
  demoteAfterInactiveDays?: number | null;
  /** Replaces the ring's phases; [] ungates it. */
  phases?: SeatPhase[];
}

export interface RingInput extends RingPatch {
  name: string;
  /** 1 = innermost; default: outside every ring there is. */
  position?: number;
}

export interface RingRecord {
  ring: CircleRingEntity;
  phases: SeatPhase[];
  seats: SeatCount;
}

/** Serialises configuration writes of one workspace's rings (positions, phases). */
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('canyu:circles:' || $1))`;

/** A workspace's rings: create, read, change rules and phases, reorder. Names never change. */
@Injectable()
export class CircleRings {
  constructor(private readonly admissions: Admissions) {}

  async create(tx: EntityManager, workspaceId: string, input: RingInput, now: Date): Promise<RingRecord> {
    await tx.query(LOCK, [workspaceId]);
    const existing = await tx.getRepository(CircleRingEntity).find({ where: { workspaceId }, order: { position: 'ASC' } });
    if (existing.some((r) => r.name === input.name)) throw new DomainError(CircleErrors.EXISTS, `circle ${input.name} exists`, 'conflict');
    if (existing.length >= MAX_RINGS) throw new DomainError(CircleErrors.TOO_MANY, `a workspace has at most ${MAX_RINGS} circles`, 'conflict');
    const position = input.position ?? (existing.at(-1)?.position ?? 0) + 1;
    if (existing.some((r) => r.position === position)) {
      throw new DomainError(CircleErrors.POSITION_TAKEN, `position ${position} is circle ${existing.find((r) => r.position === position)!.name}'s`, 'conflict');
    }
    const phases = validatePhases(input.phases ?? []);
    const repo = tx.getRepository(CircleRingEntity);
    const ring = await repo.save(
      repo.create({
        workspaceId,
        name: input.name,
        position,
        promotion: validatePromotionRule(input.promotion ?? null),
        demoteAfterInactiveDays: input.demoteAfterInactiveDays ?? null,
      }),
    );
    await this.writePhases(tx, ring, phases);
    return this.record(tx, ring, now);
  }

  async list(tx: EntityManager, workspaceId: string, now: Date): Promise<RingRecord[]> {
    const rings = await tx.getRepository(CircleRingEntity).find({ where: { workspaceId }, order: { position: 'ASC' } });
    const out: RingRecord[] = [];
    for (const r of rings) out.push(await this.record(tx, r, now)); // one connection in a transaction: one query at a time
    return out;
  }

  async get(tx: EntityManager, workspaceId: string, name: string, now: Date): Promise<RingRecord> {
    return this.record(tx, await this.find(tx, workspaceId, name), now);
  }

  async find(tx: EntityManager, workspaceId: string, name: string, lock = false): Promise<CircleRingEntity> {
    const ring = await tx.getRepository(CircleRingEntity).findOne({ where: { workspaceId, name }, ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}) });
    if (!ring) throw new DomainError(CircleErrors.NOT_FOUND, `circle ${name} not found`, 'not_found');
    return ring;
  }

  /** Rules and phases; phases may not close seats already taken (409 CIRCLE.SEATS_BELOW_ADMITTED). */
  async update(tx: EntityManager, workspaceId: string, name: string, patch: RingPatch, now: Date): Promise<RingRecord> {
    await tx.query(LOCK, [workspaceId]);
    const ring = await this.find(tx, workspaceId, name, true);
    if (patch.promotion !== undefined) ring.promotion = validatePromotionRule(patch.promotion);
    if (patch.demoteAfterInactiveDays !== undefined) ring.demoteAfterInactiveDays = patch.demoteAfterInactiveDays;
    await tx.getRepository(CircleRingEntity).save(ring);
    if (patch.phases !== undefined) {
      const phases = validatePhases(patch.phases);
      const { admitted } = await this.admissions.count(tx, ring, now);
      const open = seatsOpenAt(phases, now);
      if (open !== null && open < admitted) {
        throw new DomainError(CircleErrors.SEATS_BELOW_ADMITTED, `${open} seats open now, but ${admitted} are taken`, 'conflict', { open, admitted });
      }
      await this.writePhases(tx, ring, phases);
      // New seats may be open already: the waitlist's head goes in now, not at the next pass.
      await this.admissions.fill(tx, ring, now);
    }
    return this.record(tx, ring, now);
  }

  /** `names` lists every ring once, innermost first. */
  async reorder(tx: EntityManager, workspaceId: string, names: string[], now: Date): Promise<RingRecord[]> {
    await tx.query(LOCK, [workspaceId]);
    const rings = await tx.getRepository(CircleRingEntity).find({ where: { workspaceId } });
    const known = new Set(rings.map((r) => r.name));
    if (names.length !== rings.length || new Set(names).size !== names.length || names.some((n) => !known.has(n))) {
      throw new DomainError(CircleErrors.BAD_ORDER, 'the order must name every circle exactly once', 'validation', { circles: [...known].sort() });
    }
    // Two steps, since the unique position is checked row by row.
    await tx.query(`UPDATE circle_ring SET position = -position WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(
      `UPDATE circle_ring r SET position = o.pos, updated_at = now() FROM unnest($2::text[]) WITH ORDINALITY AS o(name, pos)
       WHERE r.workspace_id = $1 AND r.name = o.name`,
      [workspaceId, names],
    );
    return this.list(tx, workspaceId, now);
  }

  async phasesOf(tx: EntityManager, ringId: string): Promise<SeatPhase[]> {
    const rows = await tx.getRepository(CirclePhaseEntity).find({ where: { ringId }, order: { opensAt: 'ASC' } });
    return rows.map((p) => ({ opensAt: p.opensAt, seats: p.seats }));
  }

  private async writePhases(tx: EntityManager, ring: CircleRingEntity, phases: SeatPhase[]): Promise<void> {
    await tx.query(`DELETE FROM circle_phase WHERE ring_id = $1 AND workspace_id = $2`, [ring.id, ring.workspaceId]);
    if (phases.length === 0) return;
    await tx.query(
      `INSERT INTO circle_phase (workspace_id, ring_id, opens_at, seats) SELECT $1, $2, o, s FROM unnest($3::timestamptz[], $4::int[]) AS u(o, s)`,
      [ring.workspaceId, ring.id, phases.map((p) => p.opensAt), phases.map((p) => p.seats)],
    );
  }

  private async record(tx: EntityManager, ring: CircleRingEntity, now: Date): Promise<RingRecord> {
    return { ring, phases: await this.phasesOf(tx, ring.id), seats: await this.admissions.count(tx, ring, now) };
  }
}
