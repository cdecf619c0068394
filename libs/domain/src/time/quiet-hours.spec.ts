import { frequencyCapRelease, quietHoursEnd, QuietSpan } from './quiet-hours';

const HOUR = 3_600_000;

describe('quietHoursEnd', () => {
  const zone = 'Asia/Shanghai';
  const night: QuietSpan = { from: '22:00', to: '08:00' };

  it('should end at 08:00 local the next day when it is 23:30 local', () => {
    // Arrange: Tuesday 2026-03-03 23:30 in Shanghai
    const now = new Date('2026-03-03T15:30:00Z');
    // Act
    const end = quietHoursEnd(now, night, zone);
    // Assert: Wednesday 2026-03-04 08:00 +08:00
    expect(end?.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });

  it('should end at 08:00 local the same day when it is 07:00 local', () => {
    // Arrange: Tuesday 2026-03-03 07:00 in Shanghai (still Monday in UTC)
    const now = new Date('2026-03-02T23:00:00Z');
    // Act
    const end = quietHoursEnd(now, night, zone);
    // Assert
    expect(end?.toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('should be inside when it is exactly 22:00 local (start inclusive)', () => {
    expect(quietHoursEnd(new Date('2026-03-03T14:00:00Z'), night, zone)?.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });

  it('should return null when it is exactly 08:00 local (end exclusive)', () => {
    expect(quietHoursEnd(new Date('2026-03-03T00:00:00Z'), night, zone)).toBeNull();
  });

  it('should return null when it is midday local', () => {
    expect(quietHoursEnd(new Date('2026-03-03T04:00:00Z'), night, zone)).toBeNull();
  });

  it('should return null when there is no quiet span', () => {
    expect(quietHoursEnd(new Date('2026-03-03T15:30:00Z'), null, zone)).toBeNull();
  });

  it('should end the same day when the span does not wrap', () => {
    // Arrange: a 12:00–14:00 siesta, now 13:15 local
    const siesta: QuietSpan = { from: '12:00', to: '14:00' };
    // Act
    const end = quietHoursEnd(new Date('2026-03-03T05:15:00Z'), siesta, zone);
    // Assert
    expect(end?.toISOString()).toBe('2026-03-03T06:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-03-03T06:00:00Z'), siesta, zone)).toBeNull();
  });

  it('should end at 08:00 wall clock when the night crosses a DST change', () => {
    // Arrange: Saturday 2026-03-07 23:30 EST; clocks spring forward overnight
    const now = new Date('2026-03-08T04:30:00Z');
    // Act
    const end = quietHoursEnd(now, night, 'America/New_York');
    // Assert: Sunday 08:00 EDT = 12:00Z, not 13:00Z
    expect(end?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
});

describe('frequencyCapRelease', () => {
  const now = new Date('2026-03-03T12:00:00Z');
  const ago = (hours: number): Date => new Date(now.getTime() - hours * HOUR);

  it('should return null when there is no cap', () => {
    expect(frequencyCapRelease(now, [ago(1), ago(2), ago(3)], null)).toBeNull();
  });

  it('should return null when fewer sends than the cap were made', () => {
    expect(frequencyCapRelease(now, [ago(1)], { max: 2, perHours: 24 })).toBeNull();
  });

  it('should release when the oldest counted send leaves the window when the cap is reached', () => {
    // Arrange: 2 per 24h, sends 20h and 5h ago → the 20h-old one frees a slot in 4h
    const sent = [ago(5), ago(20)];
    // Act
    const release = frequencyCapRelease(now, sent, { max: 2, perHours: 24 });
    // Assert
    expect(release?.toISOString()).toBe(new Date(now.getTime() + 4 * HOUR).toISOString());
  });

  it('should use the max-th most recent send when more sends than the cap are listed', () => {
    // Arrange: 2 per 24h with three listed; only after the 20h-old send expires is the count below 2
    const sent = [ago(23), ago(5), ago(20)];
    // Act
    const release = frequencyCapRelease(now, sent, { max: 2, perHours: 24 });
    // Assert
    expect(release?.getTime()).toBe(now.getTime() + 4 * HOUR);
  });

  it('should not reorder the caller array when it sorts', () => {
    const sent = [ago(5), ago(20)];
    const copy = [...sent];
    frequencyCapRelease(now, sent, { max: 2, perHours: 24 });
    expect(sent).toEqual(copy);
  });

  it('should return null when the release instant is already past', () => {
    expect(frequencyCapRelease(now, [ago(30), ago(25)], { max: 2, perHours: 24 })).toBeNull();
  });
});
