import { instantMs } from '../shared/instant-rules';
import { UgcContestConfig } from './ugc-contest.config';

/** The config's instants as Dates (the config keeps the ISO strings it was given). */
export interface UgcContestSchedule {
  round1: { opensAt: Date; closesAt: Date };
  round2: { entriesOpenAt: Date; entriesCloseAt: Date; votingOpensAt: Date; votingClosesAt: Date };
}

export function contestSchedule(cfg: UgcContestConfig): UgcContestSchedule {
  const at = (iso: string, name: string): Date => {
    const ms = instantMs(iso);
    if (ms === null) throw new RangeError(`ugc-contest ${name} is not an instant: validate the config first`);
    return new Date(ms);
  };
  const { round1: r1, round2: r2 } = cfg;
  return {
    round1: { opensAt: at(r1.opensAt, 'round1.opensAt'), closesAt: at(r1.closesAt, 'round1.closesAt') },
    round2: {
      entriesOpenAt: at(r2.entriesOpenAt, 'round2.entriesOpenAt'),
      entriesCloseAt: at(r2.entriesCloseAt, 'round2.entriesCloseAt'),
      votingOpensAt: at(r2.votingOpensAt, 'round2.votingOpensAt'),
      votingClosesAt: at(r2.votingClosesAt, 'round2.votingClosesAt'),
    },
  };
}

/** What is open at an instant. Every window is half-open: [opens, closes). */
export interface ContestPhase {
  /** Reposts of the seed post count for round 1. */
  seedReposts: boolean;
  entries: boolean;
  voting: boolean;
  /** votingClosesAt has passed: winners are picked and nothing more is judged. */
  closed: boolean;
}

export function contestPhaseAt(at: Date, schedule: UgcContestSchedule): ContestPhase {
  const t = at.getTime();
  const inside = (opens: Date, closes: Date): boolean => t >= opens.getTime() && t < closes.getTime();
  const { round1: r1, round2: r2 } = schedule;
  return {
    seedReposts: inside(r1.opensAt, r1.closesAt),
    entries: inside(r2.entriesOpenAt, r2.entriesCloseAt),
    voting: inside(r2.votingOpensAt, r2.votingClosesAt),
    closed: t >= r2.votingClosesAt.getTime(),
  };
}

/** The first schedule instant strictly after `at` (for the runtime's next timer), or null when closed. */
export function nextScheduleInstant(at: Date, schedule: UgcContestSchedule): Date | null {
  const { round1: r1, round2: r2 } = schedule;
  const later = [r1.opensAt, r1.closesAt, r2.entriesOpenAt, r2.entriesCloseAt, r2.votingOpensAt, r2.votingClosesAt]
    .filter((d) => d.getTime() > at.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  return later[0] ?? null;
}
