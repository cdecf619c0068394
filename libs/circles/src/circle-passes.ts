import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CircleRingEntity } from '@lib/persistence';
import { Admissions } from './admissions';
import { CircleMoves } from './circle-moves';
import * as sql from './pass-sql';
import { evaluatePromotion, isInactive, tenureDays } from './promotion-rule';
import { transactionWithRetry } from './with-retry';

export interface CirclePassResult {
  admitted: number;
  promoted: number;
  waitlisted: number;
  demoted: number;
}

/** Rows the rule passes act on per ring and pass; the rest wait for the next pass. */
export const PASS_BATCH = 500;
/** Promotion and demotion run at most this often (seats every maintenance pass); Postgres remembers the last run. */
export const RULE_PASS_INTERVAL_MS = 60_000;
const HEARTBEAT = 'circles';
const LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('canyu:circle-passes')) AS locked`;

interface Candidate {
  participant_id: string;
  since: Date;
  points: number;
  spread: number;
}

/**
 * The scheduled work of the rings: waitlists into open seats (phase openings, freed seats),
 * demotion of inactive members one ring out (out of circles from the outermost), promotion by
 * rule one ring in. Everything is read from Postgres at business time `asOf`, so a pass after a
 * restart, or run twice, does exactly what is still owed: a moved member no longer qualifies.
 */
@Injectable()
export class CirclePasses {
  private readonly logger = new Logger(CirclePasses.name);

  constructor(
    private readonly db: DataSource,
    private readonly moves: CircleMoves,
    private readonly admissions: Admissions,
  ) {}

  /**
   * From the maintenance loop: seats every call; the rule passes when the last one recorded in
   * worker_heartbeat('circles') is RULE_PASS_INTERVAL_MS old, so a restart neither skips nor
   * repeats a run. One replica at a time (a transaction-scoped advisory lock of its own, held
   * for the run); null when another holds it.
   */
  async runScheduled(now: Date, instance: string): Promise<(CirclePassResult & { rules: boolean }) | null> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const [{ locked }] = (await runner.query(LOCK_SQL)) as { locked: boolean }[];
      if (!locked) {
        await runner.rollbackTransaction();
        return null;
      }
      const [row] = (await runner.query(`SELECT beat_at FROM worker_heartbeat WHERE name = $1`, [HEARTBEAT])) as { beat_at: Date }[];
      if (row && now.getTime() - row.beat_at.getTime() < RULE_PASS_INTERVAL_MS) {
        const admitted = await this.fillSeats(now);
        await runner.commitTransaction();
        return { rules: false, admitted, promoted: 0, waitlisted: 0, demoted: 0 };
      }
      const started = Date.now();
      const result = await this.run(now);
      await runner.query(
        `INSERT INTO worker_heartbeat (name, beat_at, interval_ms, instance, last_pass) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET beat_at = $2, interval_ms = $3, instance = $4, last_pass = $5`,
        [HEARTBEAT, now, RULE_PASS_INTERVAL_MS, instance, { at: now.toISOString(), ms: Date.now() - started, ...result }],
      );
      await runner.commitTransaction();
      return { rules: true, ...result };
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** Seats only: cheap enough for every maintenance pass. */
  async fillSeats(asOf: Date): Promise<number> {
    const ids = (await this.db.query(
      `SELECT DISTINCT r.id FROM circle_ring r JOIN circle_admission a ON a.ring_id = r.id AND a.state = 'waitlisted'`,
    )) as { id: string }[];
    let admitted = 0;
    for (const { id } of ids) {
      admitted += await transactionWithRetry(this.db, async (tx) => {
        const ring = await tx.getRepository(CircleRingEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        return ring ? this.admissions.fill(tx, ring, asOf) : 0;
      });
    }
    return admitted;
  }

  async run(asOf: Date, batch = PASS_BATCH): Promise<CirclePassResult> {
    const result: CirclePassResult = { admitted: await this.fillSeats(asOf), promoted: 0, waitlisted: 0, demoted: 0 };
    const rings = await this.db.getRepository(CircleRingEntity).find({ order: { workspaceId: 'ASC', position: 'ASC' } });
    const byWorkspace = new Map<string, CircleRingEntity[]>();
    for (const r of rings) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r]);
    for (const ordered of byWorkspace.values()) {
      // Demotions first: a member moved out this pass has earned nothing yet in the outer ring.
      for (let i = 0; i < ordered.length; i++) result.demoted += await this.demote(ordered[i], ordered[i + 1] ?? null, asOf, batch);
      for (let i = 0; i + 1 < ordered.length; i++) {
        const r = await this.promote(ordered[i], ordered[i + 1], asOf, batch);
        result.promoted += r.promoted;
        result.waitlisted += r.waitlisted;
      }
    }
    return result;
  }

  private async demote(ring: CircleRingEntity, outer: CircleRingEntity | null, asOf: Date, batch: number): Promise<number> {
    const days = ring.demoteAfterInactiveDays;
    if (days === null) return 0;
    const rows = (await this.db.query(sql.INACTIVE_MEMBERS, [ring.workspaceId, ring.name, asOf, days, batch])) as {
      participant_id: string;
      since: Date;
      last_event_at: Date | null;
    }[];
    let n = 0;
    for (const row of rows) {
      if (!isInactive(days, row.since, row.last_event_at, asOf)) continue;
      const res = await transactionWithRetry(this.db, (tx) =>
        this.moves.move(tx, {
          workspaceId: ring.workspaceId,
          participantId: row.participant_id,
          to: outer?.name ?? null,
          expectFrom: ring.name,
          reason: 'DEMOTED_INACTIVE',
          actor: { type: 'rule', id: `demotion:${ring.name}` },
          at: asOf,
          details: { inactiveDays: days, lastEventAt: row.last_event_at?.toISOString() ?? null },
        }),
      );
      if (res.moved) n++;
    }
    return n;
  }

  /** From `source` into `target` (the next ring in) by the target's rule; a gated target takes them through its waitlist. */
  private async promote(target: CircleRingEntity, source: CircleRingEntity, asOf: Date, batch: number): Promise<{ promoted: number; waitlisted: number }> {
    const rule = target.promotion;
    const out = { promoted: 0, waitlisted: 0 };
    if (!rule || rule.mode !== 'rule') return out;
    const rows = (await this.db.query(sql.PROMOTION_CANDIDATES, [
      target.workspaceId, source.name, asOf, batch, rule.minPoints, rule.minSpreadScore, rule.minTenureDays, rule.match === 'all', target.id,
    ])) as Candidate[];
    for (const c of rows) {
      const reason = evaluatePromotion(rule, { points: c.points, spreadScore: c.spread, tenureDays: tenureDays(c.since, asOf) });
      if (!reason) {
        this.logger.warn({ msg: 'promotion candidate not confirmed by the rule', ring: target.name });
        continue;
      }
      const details = { points: c.points, spreadScore: c.spread, tenureDays: Math.floor(tenureDays(c.since, asOf)) };
      await transactionWithRetry(this.db, async (tx) => {
        const gated = (await tx.query(`SELECT 1 FROM circle_phase WHERE ring_id = $1 LIMIT 1`, [target.id])).length > 0;
        if (!gated) {
          const res = await this.moves.move(tx, {
            workspaceId: target.workspaceId, participantId: c.participant_id, to: target.name, expectFrom: source.name,
            reason, actor: { type: 'rule', id: `promotion:${target.name}` }, at: asOf, details,
          });
          if (res.moved) out.promoted++;
          return;
        }
        const { status } = await this.admissions.request(tx, target, c.participant_id, asOf, asOf, reason);
        if (status.state === 'admitted') out.promoted++;
        else out.waitlisted++;
      });
    }
    return out;
  }
}
