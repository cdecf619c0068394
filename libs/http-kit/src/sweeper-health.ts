import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HttpEnv } from '@lib/config';
import { OWED_WORK, OwedKind, owedBefore } from '@lib/persistence';

/** A dead worker misses this many sweep intervals before /health fails. */
export const MISSED_SWEEPS = 3;
const DEFAULT_INTERVAL_MS = 5_000;

export interface OwedSummary {
  count: number;
  oldestAgeMs: number | null;
}

export interface SweeperReport {
  heartbeat: { beatAt: string; ageMs: number; intervalMs: number; instance: string; lastPass: object } | null;
  /** Work owed for longer than one sweep interval, per kind. */
  owed: Record<OwedKind, OwedSummary>;
  /** Why /health should fail (a stale heartbeat; work owed too long); empty when healthy. */
  sweeperProblems: string[];
  owedProblems: string[];
}

/**
 * What /health says about background work: the sweeper's heartbeat (worker_heartbeat) and
 * owed work per kind. One statement of seven aggregates, each over a partial index that holds
 * only owed rows, so it stays cheap however long the history grows.
 */
@Injectable()
export class SweeperHealth {
  constructor(
    private readonly db: DataSource,
    private readonly env: HttpEnv,
  ) {}

  async report(now = new Date()): Promise<SweeperReport> {
    const [beat]: { beat_at: Date; interval_ms: number; instance: string; last_pass: object }[] = await this.db.query(
      `SELECT beat_at, interval_ms, instance, last_pass FROM worker_heartbeat WHERE name = 'sweeper'`,
    );
    const intervalMs = beat?.interval_ms ?? DEFAULT_INTERVAL_MS;
    const cutoff = new Date(now.getTime() - intervalMs);
    const rows: { kind: OwedKind; n: number; oldest: Date | null }[] = await this.db.query(
      OWED_WORK.map(
        (w, i) => `(SELECT $${i + 2}::text AS kind, count(*)::int AS n, min(${w.dueAt ?? w.since}) AS oldest FROM ${w.table} WHERE ${owedBefore(w, '$1::timestamptz')})`,
      ).join(' UNION ALL '),
      [cutoff, ...OWED_WORK.map((w) => w.kind)],
    );
    const owed = {} as Record<OwedKind, OwedSummary>;
    const owedProblems: string[] = [];
    const sweeperProblems: string[] = [];
    for (const r of rows) {
      const oldestAgeMs = r.oldest ? now.getTime() - new Date(r.oldest).getTime() : null;
      owed[r.kind] = { count: r.n, oldestAgeMs };
      if (oldestAgeMs !== null && oldestAgeMs > this.env.HEALTH_OWED_MAX_AGE_MS) {
        owedProblems.push(`${r.n} ${r.kind} item(s) owed, the oldest for ${Math.round(oldestAgeMs / 1000)} s (limit HEALTH_OWED_MAX_AGE_MS)`);
      }
    }
    const heartbeat = beat
      ? { beatAt: new Date(beat.beat_at).toISOString(), ageMs: now.getTime() - new Date(beat.beat_at).getTime(), intervalMs, instance: beat.instance, lastPass: beat.last_pass }
      : null;
    if (heartbeat && heartbeat.ageMs > MISSED_SWEEPS * intervalMs) {
      sweeperProblems.push(`no sweep has completed for ${Math.round(heartbeat.ageMs / 1000)} s (more than ${MISSED_SWEEPS} intervals of ${intervalMs} ms)`);
    }
    return { heartbeat, owed, sweeperProblems, owedProblems };
  }
}
