import { Settings } from 'luxon';
import { evaluateWindow, NodeWindow, WindowVerdict } from './window';

const at = (iso: string): Date => new Date(iso);

function keyOf(verdict: WindowVerdict): string {
  if (!verdict.inside) throw new Error(`expected inside, got ${verdict.reason}`);
  return verdict.occurrenceKey;
}

describe('evaluateWindow', () => {
  describe('absolute bounds', () => {
    const window: NodeWindow = { startsAt: at('2026-03-01T00:00:00Z'), endsAt: at('2026-03-10T00:00:00Z') };

    it('should answer BEFORE_WINDOW when the instant precedes startsAt', () => {
      // Arrange
      const instant = at('2026-02-28T23:59:59.999Z');
      // Act
      const verdict = evaluateWindow(window, instant, 'UTC');
      // Assert
      expect(verdict).toEqual({ inside: false, reason: 'BEFORE_WINDOW' });
    });

    it('should be inside when the instant equals startsAt', () => {
      expect(evaluateWindow(window, at('2026-03-01T00:00:00Z'), 'UTC')).toEqual({ inside: true, occurrenceKey: 'window' });
    });

    it('should answer AFTER_WINDOW when the instant equals endsAt (end exclusive)', () => {
      expect(evaluateWindow(window, at('2026-03-10T00:00:00Z'), 'UTC')).toEqual({ inside: false, reason: 'AFTER_WINDOW' });
    });

    it('should be inside when the instant is one millisecond before endsAt', () => {
      expect(evaluateWindow(window, at('2026-03-09T23:59:59.999Z'), 'UTC').inside).toBe(true);
    });

    it('should be inside with the constant key when no bounds and no weekly slots are set', () => {
      expect(evaluateWindow({ weekly: [] }, at('1999-01-01T00:00:00Z'), 'UTC')).toEqual({ inside: true, occurrenceKey: 'window' });
    });

    it('should check absolute bounds before weekly slots when both are set', () => {
      // Arrange: a Tuesday-slot instant that is also before startsAt
      const w: NodeWindow = { startsAt: at('2026-04-01T00:00:00Z'), weekly: [{ days: [2], from: '10:00', to: '22:00' }] };
      // Act / Assert
      expect(evaluateWindow(w, at('2026-03-03T05:00:00Z'), 'Asia/Shanghai')).toEqual({ inside: false, reason: 'BEFORE_WINDOW' });
    });
  });

  describe('weekly slot in Asia/Shanghai (Tuesday 10:00–22:00)', () => {
    const zone = 'Asia/Shanghai';
    const window: NodeWindow = { weekly: [{ days: [2], from: '10:00', to: '22:00' }] };

    it('should be outside when the UTC instant is Tuesday 09:59 local', () => {
      expect(evaluateWindow(window, at('2026-03-03T01:59:00Z'), zone)).toEqual({ inside: false, reason: 'OUTSIDE_WEEKLY_SLOT' });
    });

    it('should be inside keyed by the local 10:00 start when the UTC instant is Tuesday 10:00 local', () => {
      expect(evaluateWindow(window, at('2026-03-03T02:00:00Z'), zone)).toEqual({ inside: true, occurrenceKey: '2026-03-03T02:00:00.000Z' });
    });

    it('should be outside when the instant is Tuesday 22:00 local (slot end exclusive)', () => {
      expect(evaluateWindow(window, at('2026-03-03T14:00:00Z'), zone).inside).toBe(false);
    });

    it('should judge Shanghai wall time rather than UTC when the zones disagree', () => {
      // 2026-03-03T15:00Z is Tuesday 15:00 in UTC (inside if judged in UTC) but Tuesday 23:00 in Shanghai.
      const instant = at('2026-03-03T15:00:00Z');
      expect(evaluateWindow(window, instant, zone).inside).toBe(false);
      expect(evaluateWindow(window, instant, 'UTC').inside).toBe(true);
    });

    it('should use the local weekday when the UTC date is still Monday', () => {
      // Arrange: 2026-03-02T23:00Z is Monday in UTC but Tuesday 07:00 in Shanghai.
      const early: NodeWindow = { weekly: [{ days: [2], from: '06:00', to: '08:00' }] };
      // Act
      const verdict = evaluateWindow(early, at('2026-03-02T23:00:00Z'), zone);
      // Assert
      expect(verdict).toEqual({ inside: true, occurrenceKey: '2026-03-02T22:00:00.000Z' });
    });

    it('should give the same key for two instants in one slot and different keys for different weeks', () => {
      // Arrange
      const morning = at('2026-03-03T02:30:00Z');
      const evening = at('2026-03-03T13:59:00Z');
      const nextWeek = at('2026-03-10T02:30:00Z');
      // Act
      const [a, b, c] = [morning, evening, nextWeek].map((i) => keyOf(evaluateWindow(window, i, zone)));
      // Assert
      expect(a).toBe(b);
      expect(c).not.toBe(a);
      expect(c).toBe('2026-03-10T02:00:00.000Z');
    });
  });

  describe('slot wrapping past midnight (Friday 22:00–02:00, Shanghai)', () => {
    const zone = 'Asia/Shanghai';
    const window: NodeWindow = { weekly: [{ days: [5], from: '22:00', to: '02:00' }] };
    const fridayStart = '2026-03-06T14:00:00.000Z'; // Fri 2026-03-06 22:00 local

    it('should be inside keyed by the Friday 22:00 start when the instant is Saturday 01:30 local', () => {
      expect(evaluateWindow(window, at('2026-03-06T17:30:00Z'), zone)).toEqual({ inside: true, occurrenceKey: fridayStart });
    });

    it('should be inside with the same key when the instant is Friday 23:00 local', () => {
      expect(keyOf(evaluateWindow(window, at('2026-03-06T15:00:00Z'), zone))).toBe(fridayStart);
    });

    it('should be outside when the instant is Saturday 02:00 local', () => {
      expect(evaluateWindow(window, at('2026-03-06T18:00:00Z'), zone)).toEqual({ inside: false, reason: 'OUTSIDE_WEEKLY_SLOT' });
    });

    it('should be outside when the instant is Friday 01:30 local (the Thursday night is not in the slot)', () => {
      expect(evaluateWindow(window, at('2026-03-05T17:30:00Z'), zone).inside).toBe(false);
    });
  });

  describe('DST in America/New_York', () => {
    const zone = 'America/New_York';
    const window: NodeWindow = { weekly: [{ days: [7], from: '01:00', to: '03:00' }] };
    const originalNow = Settings.now;
    afterEach(() => {
      Settings.now = originalNow;
    });

    it('should judge by wall clock on the spring-forward Sunday (01:59 EST inside, 03:00 EDT outside)', () => {
      // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
      expect(evaluateWindow(window, at('2026-03-08T05:59:00Z'), zone).inside).toBe(false); // 00:59 EST
      expect(evaluateWindow(window, at('2026-03-08T06:59:00Z'), zone)).toEqual({ inside: true, occurrenceKey: '2026-03-08T06:00:00.000Z' });
      expect(evaluateWindow(window, at('2026-03-08T07:00:00Z'), zone)).toEqual({ inside: false, reason: 'OUTSIDE_WEEKLY_SLOT' });
    });

    it('should judge by wall clock on the fall-back Sunday (both 01:30s inside, 03:00 EST outside)', () => {
      // 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:00–03:00 local lasts three hours.
      expect(evaluateWindow(window, at('2026-11-01T04:59:00Z'), zone).inside).toBe(false); // 00:59 EDT
      const first = keyOf(evaluateWindow(window, at('2026-11-01T05:30:00Z'), zone)); // 01:30 EDT
      const second = keyOf(evaluateWindow(window, at('2026-11-01T06:30:00Z'), zone)); // 01:30 EST
      const late = keyOf(evaluateWindow(window, at('2026-11-01T07:59:00Z'), zone)); // 02:59 EST
      expect(evaluateWindow(window, at('2026-11-01T08:00:00Z'), zone).inside).toBe(false); // 03:00 EST
      expect([first, second, late]).toEqual(Array(3).fill('2026-11-01T05:00:00.000Z'));
    });

    it('should key the fall-back slot by its real start whatever the season of the processing clock', () => {
      // Arrange: luxon's fromObject resolves ambiguous times with today's offset; the key must not.
      const instant = at('2026-11-01T06:30:00Z');
      // Act
      Settings.now = () => Date.parse('2026-01-15T12:00:00Z');
      const winter = keyOf(evaluateWindow(window, instant, zone));
      Settings.now = () => Date.parse('2026-07-15T12:00:00Z');
      const summer = keyOf(evaluateWindow(window, instant, zone));
      // Assert
      expect(winter).toBe('2026-11-01T05:00:00.000Z');
      expect(summer).toBe(winter);
    });

    it('should give different keys for the Sundays either side of the spring change', () => {
      const before = keyOf(evaluateWindow(window, at('2026-03-01T06:30:00Z'), zone)); // 01:30 EST
      const after = keyOf(evaluateWindow(window, at('2026-03-15T05:30:00Z'), zone)); // 01:30 EDT
      expect(before).toBe('2026-03-01T06:00:00.000Z');
      expect(after).toBe('2026-03-15T05:00:00.000Z');
    });
  });
});
