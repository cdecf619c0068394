import { DateTime } from 'luxon';
import { minutesOfDay, parseHhmm } from './hhmm';

/** A weekly recurring slot in the campaign's zone, e.g. Tuesdays 10:00–22:00. */
export interface WeeklySlot {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local wall-clock "HH:mm". `to` ≤ `from` means the slot runs past midnight. */
  from: string;
  to: string;
}

export interface NodeWindow {
  startsAt?: Date | null;
  endsAt?: Date | null;
  weekly?: WeeklySlot[] | null;
}

export type WindowVerdict =
  | { inside: true; occurrenceKey: string }
  | { inside: false; reason: 'BEFORE_WINDOW' | 'AFTER_WINDOW' | 'OUTSIDE_WEEKLY_SLOT' };

/**
 * Decides whether `at` falls inside the window, judging weekly slots on the wall clock of
 * `zone` (so DST shifts move the slot with local time, as a shopkeeper would expect).
 * The occurrence key names the slot occurrence, for "once per window" re-entry.
 */
export function evaluateWindow(window: NodeWindow, at: Date, zone: string): WindowVerdict {
  if (window.startsAt && at < window.startsAt) return { inside: false, reason: 'BEFORE_WINDOW' };
  if (window.endsAt && at >= window.endsAt) return { inside: false, reason: 'AFTER_WINDOW' };
  if (!window.weekly || window.weekly.length === 0) return { inside: true, occurrenceKey: 'window' };

  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  for (const slot of window.weekly) {
    const from = minutesOfDay(slot.from);
    const to = minutesOfDay(slot.to);
    const wraps = to <= from;
    if (slot.days.includes(local.weekday) && minute >= from && (wraps || minute < to)) {
      return { inside: true, occurrenceKey: occurrenceKey(local.startOf('day'), slot.from) };
    }
    const yesterday = local.minus({ days: 1 });
    if (wraps && minute < to && slot.days.includes(yesterday.weekday)) {
      return { inside: true, occurrenceKey: occurrenceKey(yesterday.startOf('day'), slot.from) };
    }
  }
  return { inside: false, reason: 'OUTSIDE_WEEKLY_SLOT' };
}

// Built with set() from the day's midnight, not DateTime.fromObject: fromObject resolves an
// ambiguous wall time (DST fall-back) with the zone's offset at the *current* date, so the key
// would change with the season the code runs in. set() starts from midnight's offset, which
// deterministically picks the first occurrence — the real slot start.
function occurrenceKey(day: DateTime, from: string): string {
  const { hour, minute } = parseHhmm(from);
  const start = day.set({ hour, minute, second: 0, millisecond: 0 });
  return start.toUTC().toISO() ?? day.toISODate() ?? 'window';
}
