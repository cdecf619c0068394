import { DateTime } from 'luxon';
import { parseHhmm } from './hhmm';
import { WeeklySlot } from './window';

export interface Occurrence {
  opensAt: Date;
  closesAt: Date;
}

export type OpeningState = ({ open: true } & Occurrence) | { open: false; next: Occurrence | null };

/** How far ahead the next opening is looked for: a weekly slot recurs within 7 days; 8 covers a slot past midnight. */
const DAYS_AHEAD = 8;

/**
 * Whether `at` is inside one of the weekly slots, judged on the wall clock of `zone`, and
 * when the current occurrence closes or the next one opens. Start inclusive, end exclusive.
 * Each occurrence is built from its local day (so "Tuesday 10:00" is 10:00 local before and
 * after a DST change); a wall time that does not exist that day (spring-forward gap) opens
 * at the first instant after the gap, as luxon resolves it.
 */
export function weeklyOpening(slots: readonly WeeklySlot[], at: Date, zone: string): OpeningState {
  const day = DateTime.fromJSDate(at, { zone }).startOf('day');
  let next: Occurrence | null = null;
  // From yesterday: an occurrence that started yesterday may run past midnight into today.
  for (let offset = -1; offset <= DAYS_AHEAD; offset += 1) {
    const date = day.plus({ days: offset });
    for (const slot of slots) {
      if (!slot.days.includes(date.weekday)) continue;
      const occ = occurrenceOn(date, slot);
      if (occ.opensAt <= at && at < occ.closesAt) return { open: true, ...occ };
      if (occ.opensAt > at && (next === null || occ.opensAt < next.opensAt)) next = occ;
    }
  }
  return { open: false, next };
}

function occurrenceOn(date: DateTime, slot: WeeklySlot): Occurrence {
  const from = parseHhmm(slot.from);
  const to = parseHhmm(slot.to);
  const opens = at(date, from.hour, from.minute);
  const wraps = to.hour * 60 + to.minute <= from.hour * 60 + from.minute;
  const closes = at(wraps ? date.plus({ days: 1 }) : date, to.hour, to.minute);
  return { opensAt: opens.toJSDate(), closesAt: closes.toJSDate() };
}

// set() from the day's own midnight (not fromObject): an ambiguous fall-back wall time then
// resolves to its first occurrence whatever the season the code runs in.
function at(date: DateTime, hour: number, minute: number): DateTime {
  return date.startOf('day').set({ hour, minute, second: 0, millisecond: 0 });
}
