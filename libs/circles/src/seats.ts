import { DomainError } from '@lib/domain';
import { CircleErrors, MAX_PHASES, MAX_SEATS } from './circle-codes';

export interface SeatPhase {
  opensAt: Date;
  seats: number;
}

/** Seats open at `at`: the sum over phases that have opened (start inclusive). null: the ring is not gated. */
export function seatsOpenAt(phases: readonly SeatPhase[], at: Date): number | null {
  if (phases.length === 0) return null;
  return phases.reduce((n, p) => (p.opensAt.getTime() <= at.getTime() ? n + p.seats : n), 0);
}

/** The next phase opening after `at`, for "when will I get in". */
export function nextOpening(phases: readonly SeatPhase[], at: Date): Date | null {
  const later = phases.filter((p) => p.opensAt.getTime() > at.getTime()).map((p) => p.opensAt.getTime());
  return later.length ? new Date(Math.min(...later)) : null;
}

/** Phases from the API, sorted by opening; distinct openings, bounded seats. */
export function validatePhases(phases: readonly SeatPhase[]): SeatPhase[] {
  const bad = (msg: string) => new DomainError(CircleErrors.INVALID_PHASES, msg, 'validation');
  if (phases.length > MAX_PHASES) throw bad(`at most ${MAX_PHASES} phases`);
  const sorted = [...phases].sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i];
    if (!Number.isInteger(p.seats) || p.seats < 0 || p.seats > MAX_SEATS) throw bad(`seats must be an integer from 0 to ${MAX_SEATS}`);
    if (i > 0 && sorted[i - 1].opensAt.getTime() === p.opensAt.getTime()) throw bad(`two phases open at ${p.opensAt.toISOString()}`);
  }
  return sorted;
}
