import { isTooFarInFuture, isValidTimeZone, parseInstant, ParsedInstant } from './occurred-at';

function instantOf(parsed: ParsedInstant): string {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.reason}`);
  return parsed.at.toISOString();
}

describe('parseInstant', () => {
  it('should accept a UTC instant when it ends in Z', () => {
    // Act
    const parsed = parseInstant('2026-03-03T10:15:00Z');
    // Assert
    expect(instantOf(parsed)).toBe('2026-03-03T10:15:00.000Z');
  });

  it('should convert to the absolute instant when the offset is +08:00', () => {
    expect(instantOf(parseInstant('2026-03-03T10:15:00+08:00'))).toBe('2026-03-03T02:15:00.000Z');
  });

  it('should convert to the absolute instant when the offset is negative', () => {
    expect(instantOf(parseInstant('2026-03-03T10:15:00-05:00'))).toBe('2026-03-03T15:15:00.000Z');
  });

  it('should keep milliseconds when a fraction is given', () => {
    expect(instantOf(parseInstant('2026-03-03T10:15:00.123Z'))).toBe('2026-03-03T10:15:00.123Z');
  });

  it('should accept a fraction of up to nine digits when nanoseconds are sent', () => {
    expect(instantOf(parseInstant('2026-03-03T10:15:00.123456789+08:00'))).toBe('2026-03-03T02:15:00.123Z');
  });

  it('should accept minute precision when seconds are omitted', () => {
    expect(instantOf(parseInstant('2026-03-03T10:15+08:00'))).toBe('2026-03-03T02:15:00.000Z');
  });

  it('should accept 29 February when the year is a leap year', () => {
    expect(instantOf(parseInstant('2028-02-29T00:00:00Z'))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('should refuse with a "real date-time" reason when the calendar date does not exist', () => {
    // Act
    const results = ['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-04-31T00:00:00+08:00'].map(parseInstant);
    // Assert
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/not a real date-time/);
    }
  });

  it('should refuse when the hour or minute is out of range', () => {
    expect(parseInstant('2026-03-03T25:00:00Z').ok).toBe(false);
    expect(parseInstant('2026-03-03T10:61:00Z').ok).toBe(false);
  });

  it('should refuse with the format reason when the time has no zone designator', () => {
    // Act
    const parsed = parseInstant('2026-03-01T10:00:00');
    // Assert
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining('zone offset') });
  });

  it('should refuse when only a date is given', () => {
    expect(parseInstant('2026-03-01').ok).toBe(false);
  });

  it('should refuse when the offset lacks a colon or the separator is a space', () => {
    expect(parseInstant('2026-03-01T10:00:00+0800').ok).toBe(false);
    expect(parseInstant('2026-03-01 10:00:00Z').ok).toBe(false);
  });

  it('should refuse when the value is not a string', () => {
    // Arrange
    const values: unknown[] = [null, undefined, 1772532900000, new Date('2026-03-03T10:15:00Z'), { iso: '2026-03-03T10:15:00Z' }];
    // Act / Assert
    for (const value of values) expect(parseInstant(value).ok).toBe(false);
  });
});

describe('isTooFarInFuture', () => {
  const now = new Date('2026-03-03T10:00:00Z');
  const skewMs = 5 * 60_000;

  it('should be false when the instant is exactly at the skew limit', () => {
    expect(isTooFarInFuture(new Date(now.getTime() + skewMs), now, skewMs)).toBe(false);
  });

  it('should be true when the instant is one millisecond past the skew limit', () => {
    expect(isTooFarInFuture(new Date(now.getTime() + skewMs + 1), now, skewMs)).toBe(true);
  });

  it('should be false when the instant is in the past, however far', () => {
    expect(isTooFarInFuture(new Date('2000-01-01T00:00:00Z'), now, skewMs)).toBe(false);
  });
});

describe('isValidTimeZone', () => {
  it('should accept IANA zones and UTC when they exist', () => {
    expect(['Asia/Shanghai', 'America/New_York', 'UTC'].map(isValidTimeZone)).toEqual([true, true, true]);
  });

  it('should reject a made-up zone or an empty string when they are not IANA zones', () => {
    expect(['Mars/Olympus_Mons', 'Asia/Shang hai', 'not a zone', ''].map(isValidTimeZone)).toEqual([false, false, false, false]);
  });

  it('should reject luxon host-zone aliases when they would follow the server clock', () => {
    // 'local', 'system' and 'default' mean "wherever the server runs": a campaign would drift per host.
    expect(['local', 'system', 'default', 'Local', 'SYSTEM'].map(isValidTimeZone)).toEqual([false, false, false, false, false]);
  });
});
