import { DateTime } from 'luxon';
import { minutesOfDay, parseHhmm } from './hhmm';

export interface QuietSpan {
  /** Local "HH:mm"; `to` ≤ `from` means the span runs past midnight (22:00–08:00). */
  from: string;
  to: string;
}

/**
 * When `now` falls in quiet hours (in `zone`), the instant they end; otherwise null.
 * Deferring to that instant rather than dropping is what a participant would expect.
 */
export function quietHoursEnd(now: Date, span: QuietSpan | null, zone: string): Date | null {
  if (!span) return null;
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const from = minutesOfDay(span.from);
  const to = minutesOfDay(span.to);
  const wraps = to <= from;
  const inside = wraps ? minute >= from || minute < to : minute >= from && minute < to;
  if (!inside) return null;
  const { hour: h, minute: m } = parseHhmm(span.to);
  let end = local.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 }).set({ hour: h, minute: m });
  return end.toJSDate();
}

/**
 * Frequency cap: with `sentTimes` the sends to this participant within the last
 * `perHours`, returns when the next send is allowed (null = now).
 */
export function frequencyCapRelease(now: Date, sentTimes: Date[], cap: { max: number; perHours: number } | null): Date | null {
  if (!cap || sentTimes.length < cap.max) return null;
  const sorted = [...sentTimes].sort((a, b) => a.getTime() - b.getTime());
  const freeing = sorted[sorted.length - cap.max];
  const release = new Date(freeing.getTime() + cap.perHours * 3_600_000);
  return release > now ? release : null;
}
