import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@lib/domain';
import { AdmissionState, CircleRingEntity } from '@lib/persistence';
import { CircleErrors, MOVE_REASONS, MoveReason } from './circle-codes';
import { CircleMoves } from './circle-moves';
import { nextOpening, SeatPhase, seatsOpenAt } from './seats';

export interface SeatCount {
  /** Seats open now; null: the ring is not gated (no phases). */
  open: number | null;
  admitted: number;
  waitlisted: number;
  nextOpensAt: Date | null;
}

export interface AdmissionStatus {
  admissionId: string;
  participantId: string;
  circle: string;
  state: AdmissionState;
  /** 1-based place on the waitlist (order: requestedAt, then id); null unless waitlisted. */
  place: number | null;
  requestedAt: Date;
  admittedAt: Date | null;
  /** When the next phase opens (for a waitlisted participant: the next chance). */
  nextOpensAt: Date | null;
}

interface AdmissionRow {
  id: string;
  participant_id: string;
  state: AdmissionState;
  requested_at: Date;
  admitted_at: Date | null;
}

/**
 * Seed gating. Every admission of a ring runs under that ring's row lock (FOR UPDATE), so
 * seats are counted and given one request at a time: the admitted count never exceeds the
 * seats open, and the waitlist is admitted strictly in (requested_at, id) order.
 */
@Injectable()
export class Admissions {
  constructor(private readonly moves: CircleMoves) {}

  /**
   * Joins the waitlist (or re-joins it after leaving the ring), then admits the head of the
   * waitlist into the seats open: the request itself is admitted when it is among them. A
   * repeated request changes nothing and answers the current state. The checks that need no
   * seat count run before the ring's lock, so the lock is held only for the decision.
   * `via`: the promotion reason when a rule asks; the move into the ring records it.
   */
  async request(
    tx: EntityManager,
    ring: CircleRingEntity,
    participantId: string,
    requestedAt: Date,
    now: Date,
    via: MoveReason | null = null,
  ): Promise<{ created: boolean; status: AdmissionStatus }> {
    const existing = await this.row(tx, ring, participantId);
    if (existing && existing.state !== 'released') return { created: false, status: await this.status(tx, ring, existing, now) };
    const inside = await this.insideRing(tx, ring, participantId);
    if (inside) {
      throw new DomainError(CircleErrors.ALREADY_INSIDE, `the participant is in circle ${inside} already (at or inside ${ring.name})`, 'conflict', { circle: inside });
    }
    await tx.query(`SELECT 1 FROM circle_ring WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [ring.id, ring.workspaceId]);
    // A concurrent request of the same person may have won: then theirs is the answer.
    const taken = (await tx.query(
      `INSERT INTO circle_admission (workspace_id, ring_id, participant_id, requested_at, state, via) VALUES ($1, $2, $3, $4, 'waitlisted', $5)
       ON CONFLICT (ring_id, participant_id) DO UPDATE
         SET state = 'waitlisted', requested_at = EXCLUDED.requested_at, via = EXCLUDED.via, admitted_at = NULL, updated_at = now()
       WHERE circle_admission.state = 'released'
       RETURNING id`,
      [ring.workspaceId, ring.id, participantId, requestedAt, via],
    )) as { id: string }[];
    if (taken.length > 0) await this.fill(tx, ring, now);
    return { created: taken.length > 0, status: await this.status(tx, ring, (await this.row(tx, ring, participantId))!, now) };
  }

  /**
   * Admits waitlisted requests, first (requested_at, id) first, into the seats open at `now`.
   * Phase openings and freed seats reach the waitlist here (every maintenance pass, and at
   * each request). The caller holds the ring's row lock. Returns how many were admitted.
   */
  async fill(tx: EntityManager, ring: CircleRingEntity, now: Date): Promise<number> {
    // One statement: seats open at $2 minus seats taken, given to the head of the waitlist.
    // LIMIT NULL (no phases: the ring is not gated) admits everyone waiting.
    const [admittedRows] = (await tx.query(
      `UPDATE circle_admission SET state = 'admitted', admitted_at = $2, updated_at = now()
       WHERE id IN (
         SELECT id FROM circle_admission WHERE ring_id = $1 AND state = 'waitlisted' ORDER BY requested_at, id
         LIMIT (SELECT CASE WHEN count(*) = 0 THEN NULL
                            ELSE greatest(coalesce(sum(seats) FILTER (WHERE opens_at <= $2), 0)
                                          - (SELECT count(*) FROM circle_admission WHERE ring_id = $1 AND state = 'admitted'), 0) END
                FROM circle_phase WHERE ring_id = $1))
       RETURNING id, participant_id, requested_at, via`,
      [ring.id, now],
    )) as [{ id: string; participant_id: string; requested_at: Date; via: string | null }[], number];
    admittedRows.sort((a, b) => a.requested_at.getTime() - b.requested_at.getTime() || (a.id < b.id ? -1 : 1));
    for (const a of admittedRows) {
      // Someone promoted past this ring meanwhile stays inside; the seat is still theirs.
      if (await this.isInside(tx, ring, a.participant_id)) continue;
      await this.moves.move(tx, {
        workspaceId: ring.workspaceId,
        participantId: a.participant_id,
        to: ring.name,
        reason: (MOVE_REASONS as readonly string[]).includes(a.via ?? '') ? (a.via as MoveReason) : 'ADMITTED',
        actor: { type: 'rule', id: `admission:${ring.name}` },
        at: now,
        details: { admissionId: a.id },
      });
    }
    return admittedRows.length;
  }

  async count(tx: EntityManager, ring: CircleRingEntity, now: Date): Promise<SeatCount> {
    const phases = await this.phases(tx, ring.id);
    const [c] = (await tx.query(
      `SELECT count(*) FILTER (WHERE state = 'admitted')::int AS admitted, count(*) FILTER (WHERE state = 'waitlisted')::int AS waitlisted
       FROM circle_admission WHERE ring_id = $1`,
      [ring.id],
    )) as { admitted: number; waitlisted: number }[];
    return { open: seatsOpenAt(phases, now), admitted: c.admitted, waitlisted: c.waitlisted, nextOpensAt: nextOpening(phases, now) };
  }

  async get(tx: EntityManager, ring: CircleRingEntity, participantId: string, now: Date): Promise<AdmissionStatus> {
    const row = await this.row(tx, ring, participantId);
    if (!row) throw new DomainError(CircleErrors.ADMISSION_NOT_FOUND, `no admission request to ${ring.name} for this participant`, 'not_found');
    return this.status(tx, ring, row, now);
  }

  /** The participant's current ring if it is this one or one inside it. */
  async insideRing(tx: EntityManager, ring: CircleRingEntity, participantId: string): Promise<string | null> {
    const [inside] = (await tx.query(
      `SELECT r.name FROM participant p JOIN circle_ring r ON r.workspace_id = p.workspace_id AND r.name = p.circle
       WHERE p.id = $1 AND p.workspace_id = $2 AND r.position <= $3`,
      [participantId, ring.workspaceId, ring.position],
    )) as { name: string }[];
    return inside?.name ?? null;
  }

  private async isInside(tx: EntityManager, ring: CircleRingEntity, participantId: string): Promise<boolean> {
    return (await this.insideRing(tx, ring, participantId)) !== null;
  }

  private async phases(tx: EntityManager, ringId: string): Promise<SeatPhase[]> {
    const rows = (await tx.query(`SELECT opens_at, seats FROM circle_phase WHERE ring_id = $1 ORDER BY opens_at`, [ringId])) as { opens_at: Date; seats: number }[];
    return rows.map((r) => ({ opensAt: r.opens_at, seats: r.seats }));
  }

  private async row(tx: EntityManager, ring: CircleRingEntity, participantId: string): Promise<AdmissionRow | undefined> {
    const [row] = (await tx.query(
      `SELECT id, participant_id, state, requested_at, admitted_at FROM circle_admission WHERE ring_id = $1 AND participant_id = $2 AND workspace_id = $3`,
      [ring.id, participantId, ring.workspaceId],
    )) as AdmissionRow[];
    return row;
  }

  private async status(tx: EntityManager, ring: CircleRingEntity, row: AdmissionRow, now: Date): Promise<AdmissionStatus> {
    let place: number | null = null;
    if (row.state === 'waitlisted') {
      const [p] = (await tx.query(
        `SELECT count(*)::int + 1 AS place FROM circle_admission WHERE ring_id = $1 AND state = 'waitlisted' AND (requested_at, id) < ($2, $3)`,
        [ring.id, row.requested_at, row.id],
      )) as { place: number }[];
      place = p.place;
    }
    return {
      admissionId: row.id,
      participantId: row.participant_id,
      circle: ring.name,
      state: row.state,
      place,
      requestedAt: row.requested_at,
      admittedAt: row.admitted_at,
      nextOpensAt: row.state === 'waitlisted' ? nextOpening(await this.phases(tx, ring.id), now) : null,
    };
  }
}
