import { evaluateWindow, WeeklySlot } from './window';
import { weeklyOpening } from './weekly-opening';

const TUESDAY_10_22: WeeklySlot[] = [{ days: [2], from: '10:00', to: '22:00' }];
const utc = (iso: string) => new Date(iso);

describe('weeklyOpening', () => {
  it('is open from the start (inclusive) to the end (exclusive) on the local wall clock', () => {
    // 2026-12-01 is a Tuesday; Shanghai is UTC+8 all year.
    const zone = 'Asia/Shanghai';
    expect(weeklyOpening(TUESDAY_10_22, utc('2026-12-01T01:59:59.999Z'), zone)).toEqual({
      open: false,
      next: { opensAt: utc('2026-12-01T02:00:00Z'), closesAt: utc('2026-12-01T14:00:00Z') },
    });
    expect(weeklyOpening(TUESDAY_10_22, utc('2026-12-01T02:00:00Z'), zone)).toEqual({
      open: true,
      opensAt: utc('2026-12-01T02:00:00Z'),
      closesAt: utc('2026-12-01T14:00:00Z'),
    });
    expect(weeklyOpening(TUESDAY_10_22, utc('2026-12-01T13:59:59.999Z'), zone).open).toBe(true);
    // At 22:00 sharp it is closed, and the next opening is a week later.
    expect(weeklyOpening(TUESDAY_10_22, utc('2026-12-01T14:00:00Z'), zone)).toEqual({
      open: false,
      next: { opensAt: utc('2026-12-08T02:00:00Z'), closesAt: utc('2026-12-08T14:00:00Z') },
    });
  });

  it('keeps 10:00 local across a spring-forward change in the week before', () => {
    // Berlin moves to CEST on Sunday 2027-03-28: Tuesday 2027-03-23 opens at 09:00Z, 2027-03-30 at 08:00Z.
    const zone = 'Europe/Berlin';
    expect(weeklyOpening(TUESDAY_10_22, utc('2027-03-23T21:30:00Z'), zone)).toEqual({
      open: false,
      next: { opensAt: utc('2027-03-30T08:00:00Z'), closesAt: utc('2027-03-30T20:00:00Z') },
    });
    expect(weeklyOpening(TUESDAY_10_22, utc('2027-03-23T09:00:00Z'), zone).open).toBe(true);
    expect(weeklyOpening(TUESDAY_10_22, utc('2027-03-30T07:59:59Z'), zone).open).toBe(false);
    expect(weeklyOpening(TUESDAY_10_22, utc('2027-03-30T08:00:00Z'), zone).open).toBe(true);
  });

  it('keeps 10:00 local across a fall-back change (New York, November)', () => {
    // EDT until Sunday 2026-11-01, then EST: Tuesday 10:00 is 14:00Z before and 15:00Z after.
    const zone = 'America/New_York';
    const before = weeklyOpening(TUESDAY_10_22, utc('2026-10-27T13:00:00Z'), zone);
    expect(before).toEqual({ open: false, next: { opensAt: utc('2026-10-27T14:00:00Z'), closesAt: utc('2026-10-28T02:00:00Z') } });
    const after = weeklyOpening(TUESDAY_10_22, utc('2026-10-28T02:00:00Z'), zone);
    expect(after).toEqual({ open: false, next: { opensAt: utc('2026-11-03T15:00:00Z'), closesAt: utc('2026-11-04T03:00:00Z') } });
  });

  it('runs a slot past midnight into the next day', () => {
    const lateNight: WeeklySlot[] = [{ days: [5], from: '22:00', to: '02:00' }];
    // Friday 2026-12-04 22:00 Shanghai = 14:00Z; Saturday 01:59 local = Friday 17:59Z.
    expect(weeklyOpening(lateNight, utc('2026-12-04T17:59:00Z'), 'Asia/Shanghai')).toEqual({
      open: true,
      opensAt: utc('2026-12-04T14:00:00Z'),
      closesAt: utc('2026-12-04T18:00:00Z'),
    });
  });

  it('opens after the gap when the slot start does not exist that day', () => {
    // Europe/Berlin 2027-03-28 02:00–03:00 does not exist (a Sunday).
    const gap: WeeklySlot[] = [{ days: [7], from: '02:30', to: '04:00' }];
    const state = weeklyOpening(gap, utc('2027-03-28T00:00:00Z'), 'Europe/Berlin');
    expect(state.open).toBe(false);
    if (state.open || !state.next) throw new Error('expected a next opening');
    expect(state.next.closesAt).toEqual(utc('2027-03-28T02:00:00Z'));
    expect(state.next.opensAt.getTime()).toBeLessThan(state.next.closesAt.getTime());
  });

  it('has no next opening without slots', () => {
    expect(weeklyOpening([], utc('2026-12-01T00:00:00Z'), 'UTC')).toEqual({ open: false, next: null });
  });

  it('agrees with the node window rule minute by minute over a DST week', () => {
    const slots: WeeklySlot[] = [{ days: [2, 7], from: '10:00', to: '22:00' }, { days: [6], from: '23:00', to: '01:30' }];
    const start = utc('2027-03-26T00:00:00Z').getTime();
    for (let t = start; t < start + 6 * 86_400_000; t += 15 * 60_000) {
      const at = new Date(t);
      expect({ t: at.toISOString(), open: weeklyOpening(slots, at, 'Europe/Berlin').open }).toEqual({
        t: at.toISOString(),
        open: evaluateWindow({ weekly: slots }, at, 'Europe/Berlin').inside,
      });
    }
  });
});
