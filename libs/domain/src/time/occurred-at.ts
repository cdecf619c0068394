import { DateTime } from 'luxon';

// Date and time with seconds optional, fraction optional, and a mandatory zone designator.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type ParsedInstant = { ok: true; at: Date } | { ok: false; reason: string };

/**
 * Parses a business timestamp strictly: ISO-8601 with an explicit offset, and a real
 * calendar date (`2026-02-30T10:00:00Z` and `2026-03-01T10:00:00` are both refused).
 */
export function parseInstant(value: unknown): ParsedInstant {
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value)) {
    return { ok: false, reason: 'must be an ISO-8601 date-time with a zone offset, e.g. 2026-03-03T10:15:00+08:00' };
  }
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) return { ok: false, reason: `is not a real date-time (${parsed.invalidExplanation ?? parsed.invalidReason})` };
  return { ok: true, at: parsed.toJSDate() };
}

/** True when `at` lies more than `skewMs` after `now`: clocks drift, but not that far. */
export function isTooFarInFuture(at: Date, now: Date, skewMs: number): boolean {
  return at.getTime() - now.getTime() > skewMs;
}

// luxon also resolves these names, to whatever zone the server runs in: never a campaign's zone.
const HOST_ZONE_ALIASES = new Set(['local', 'system', 'default']);

export function isValidTimeZone(zone: string): boolean {
  return !HOST_ZONE_ALIASES.has(zone.toLowerCase()) && DateTime.now().setZone(zone).isValid;
}
