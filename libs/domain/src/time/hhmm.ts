import { DomainError, ErrorCodes } from '../errors/domain-error';

/**
 * A local wall-clock time "HH:mm" (00:00–23:59), as weekly slots and quiet hours use it.
 * The one definition: DTOs validate with the pattern, the time rules parse with parseHhmm.
 */
export const HHMM_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface HourMinute {
  hour: number;
  minute: number;
}

export function isValidHhmm(value: unknown): value is string {
  return typeof value === 'string' && HHMM_PATTERN.test(value);
}

/** Hour and minute of an "HH:mm"; anything else is refused rather than read as NaN. */
export function parseHhmm(value: string): HourMinute {
  const match = HHMM_PATTERN.exec(value);
  if (!match) throw new DomainError(ErrorCodes.VALIDATION_FAILED, `'${value}' is not an HH:mm time`, 'validation');
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Minutes since local midnight. */
export function minutesOfDay(value: string): number {
  const { hour, minute } = parseHhmm(value);
  return hour * 60 + minute;
}
