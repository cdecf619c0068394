import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { UgcContestConfig } from './ugc-contest.config';
import { periodOf } from './voting-period';

function config(votingPeriod: Record<string, unknown>, votingOpensAt = '2026-03-28T00:00:00+01:00'): UgcContestConfig {
  return plainToInstance(UgcContestConfig, {
    seedPostId: 'seed',
    round1: { opensAt: '2026-03-20T00:00:00Z', closesAt: '2026-03-27T00:00:00Z' },
    round2: { entriesOpenAt: '2026-03-27T00:00:00Z', entriesCloseAt: '2026-04-30T00:00:00Z', votingOpensAt, votingClosesAt: '2026-11-30T00:00:00Z' },
    votingPeriod,
  });
}

const at = (iso: string) => new Date(iso);
const DAY = config({ kind: 'calendar-day' });

describe('periodOf, calendar day', () => {
  it('should change day at midnight in Asia/Shanghai, which is 16:00 UTC', () => {
    expect(periodOf(at('2026-05-02T15:59:59.999Z'), DAY, 'Asia/Shanghai')).toBe('day:2026-05-02');
    expect(periodOf(at('2026-05-02T16:00:00.000Z'), DAY, 'Asia/Shanghai')).toBe('day:2026-05-03');
    expect(periodOf(at('2026-05-02T16:00:00.000Z'), DAY, 'UTC')).toBe('day:2026-05-02');
  });

  it('should keep the 23-hour day of the spring DST change in Europe/Berlin as one period', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST, so the day runs 23:00Z (28th) to 22:00Z (29th).
    expect(periodOf(at('2026-03-28T22:59:59.999Z'), DAY, 'Europe/Berlin')).toBe('day:2026-03-28');
    expect(periodOf(at('2026-03-28T23:00:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-03-29');
    expect(periodOf(at('2026-03-29T01:30:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-03-29'); // 03:30 CEST
    expect(periodOf(at('2026-03-29T21:59:59.999Z'), DAY, 'Europe/Berlin')).toBe('day:2026-03-29');
    expect(periodOf(at('2026-03-29T22:00:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-03-30');
  });

  it('should keep the 25-hour day of the autumn DST change in Europe/Berlin as one period, repeated hour included', () => {
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 local happens at 00:30Z and at 01:30Z.
    expect(periodOf(at('2026-10-24T21:59:59.999Z'), DAY, 'Europe/Berlin')).toBe('day:2026-10-24');
    expect(periodOf(at('2026-10-24T22:00:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-10-25');
    expect(periodOf(at('2026-10-25T00:30:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-10-25');
    expect(periodOf(at('2026-10-25T01:30:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-10-25');
    expect(periodOf(at('2026-10-25T22:59:59.999Z'), DAY, 'Europe/Berlin')).toBe('day:2026-10-25');
    expect(periodOf(at('2026-10-25T23:00:00Z'), DAY, 'Europe/Berlin')).toBe('day:2026-10-26');
  });

  it('should refuse a zone luxon does not know rather than guess', () => {
    expect(() => periodOf(at('2026-05-02T00:00:00Z'), DAY, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('periodOf, fixed length', () => {
  const opens = '2026-03-28T00:00:00+01:00'; // 2026-03-27T23:00Z
  const twelve = config({ kind: 'fixed', hours: 12 }, opens);

  it('should number blocks of the configured hours from votingOpensAt', () => {
    expect(periodOf(at('2026-03-27T23:00:00Z'), twelve, 'Asia/Shanghai')).toBe('fixed:0');
    expect(periodOf(at('2026-03-28T10:59:59.999Z'), twelve, 'Asia/Shanghai')).toBe('fixed:0');
    expect(periodOf(at('2026-03-28T11:00:00Z'), twelve, 'Asia/Shanghai')).toBe('fixed:1');
    expect(periodOf(at('2026-03-29T23:00:00Z'), twelve, 'Asia/Shanghai')).toBe('fixed:4');
  });

  it('should count negative blocks before voting opens', () => {
    expect(periodOf(at('2026-03-27T22:59:59.999Z'), twelve, 'UTC')).toBe('fixed:-1');
  });

  it('should count elapsed hours, not the wall clock, across a DST change', () => {
    // 24-hour blocks from 28 March 00:00 CET: the block after the spring change starts at 01:00 CEST.
    const daily = config({ kind: 'fixed', hours: 24 }, opens);
    expect(periodOf(at('2026-03-28T22:59:59.999Z'), daily, 'Europe/Berlin')).toBe('fixed:0');
    expect(periodOf(at('2026-03-28T23:00:00Z'), daily, 'Europe/Berlin')).toBe('fixed:1');
    expect(periodOf(at('2026-03-29T22:30:00Z'), daily, 'Europe/Berlin')).toBe('fixed:1'); // 00:30 CEST on the 30th
    expect(periodOf(at('2026-03-29T23:00:00Z'), daily, 'Europe/Berlin')).toBe('fixed:2');
  });
});
