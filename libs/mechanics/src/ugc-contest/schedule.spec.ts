import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { contestPhaseAt, contestSchedule, nextScheduleInstant } from './schedule';
import { UgcContestConfig } from './ugc-contest.config';

const CFG = plainToInstance(UgcContestConfig, {
  seedPostId: 'seed',
  round1: { opensAt: '2026-05-01T10:00:00+08:00', closesAt: '2026-05-04T10:00:00+08:00' },
  round2: { entriesOpenAt: '2026-05-02T00:00:00+08:00', entriesCloseAt: '2026-05-05T00:00:00+08:00', votingOpensAt: '2026-05-03T00:00:00+08:00', votingClosesAt: '2026-05-06T00:00:00+08:00' },
});
const SCHEDULE = contestSchedule(CFG);
const at = (iso: string) => new Date(iso);

describe('contestSchedule', () => {
  it('should parse the config instants with their offsets', () => {
    expect(SCHEDULE.round1.opensAt.toISOString()).toBe('2026-05-01T02:00:00.000Z');
    expect(SCHEDULE.round2.votingClosesAt.toISOString()).toBe('2026-05-05T16:00:00.000Z');
  });

  it('should refuse a config that was never validated', () => {
    const broken = Object.assign(new UgcContestConfig(), { round1: { opensAt: 'soon', closesAt: 'later' }, round2: CFG.round2 });
    expect(() => contestSchedule(broken)).toThrow(RangeError);
  });
});

describe('contestPhaseAt', () => {
  it('should open each window at its start and close it at its end', () => {
    expect(contestPhaseAt(at('2026-05-01T10:00:00+08:00'), SCHEDULE)).toEqual({ seedReposts: true, entries: false, voting: false, closed: false });
    expect(contestPhaseAt(at('2026-05-03T00:00:00+08:00'), SCHEDULE)).toEqual({ seedReposts: true, entries: true, voting: true, closed: false });
    expect(contestPhaseAt(at('2026-05-04T10:00:00+08:00'), SCHEDULE)).toEqual({ seedReposts: false, entries: true, voting: true, closed: false });
    expect(contestPhaseAt(at('2026-05-06T00:00:00+08:00'), SCHEDULE)).toEqual({ seedReposts: false, entries: false, voting: false, closed: true });
  });
});

describe('nextScheduleInstant', () => {
  it('should name the next instant strictly later, and nothing once closed', () => {
    expect(nextScheduleInstant(at('2026-04-01T00:00:00Z'), SCHEDULE)).toEqual(SCHEDULE.round1.opensAt);
    expect(nextScheduleInstant(SCHEDULE.round2.entriesOpenAt, SCHEDULE)).toEqual(SCHEDULE.round2.votingOpensAt);
    expect(nextScheduleInstant(SCHEDULE.round2.votingClosesAt, SCHEDULE)).toBeNull();
  });
});
