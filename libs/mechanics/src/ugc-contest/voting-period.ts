import { DateTime } from 'luxon';
import { UgcContestConfig } from './ugc-contest.config';
import { instantMs } from '../shared/instant-rules';

const HOUR_MS = 3_600_000;

/**
 * The voting period `occurredAt` falls in, as a stable key: `day:2026-03-03` for the calendar
 * day in the campaign's IANA zone (luxon, so a DST day is 23 or 25 hours long), or `fixed:3` for
 * the 4th block of `hours` counted from votingOpensAt (negative before it opens).
 */
export function periodOf(occurredAt: Date, cfg: UgcContestConfig, timezone: string): string {
  const period = cfg.votingPeriod;
  if (period.kind === 'fixed') {
    const opens = instantMs(cfg.round2.votingOpensAt);
    if (opens === null) throw new RangeError('ugc-contest votingOpensAt is not an instant: validate the config first');
    return `fixed:${Math.floor((occurredAt.getTime() - opens) / (period.hours * HOUR_MS))}`;
  }
  const day = DateTime.fromJSDate(occurredAt, { zone: timezone }).toISODate();
  if (day === null) throw new RangeError(`'${timezone}' is not a time zone luxon knows`);
  return `day:${day}`;
}
