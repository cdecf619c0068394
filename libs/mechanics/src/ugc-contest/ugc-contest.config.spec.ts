import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CalendarDayVotingPeriod, FixedVotingPeriod, UgcContestConfig } from './ugc-contest.config';

const BASE = {
  seedPostId: 'wb-seed-1',
  round1: { opensAt: '2026-05-01T10:00:00+08:00', closesAt: '2026-05-04T10:00:00+08:00' },
  round2: {
    entriesOpenAt: '2026-05-02T00:00:00+08:00',
    entriesCloseAt: '2026-05-05T00:00:00+08:00',
    votingOpensAt: '2026-05-02T00:00:00+08:00',
    votingClosesAt: '2026-05-06T00:00:00+08:00',
  },
};

// As the mechanic registry validates a node config at campaign creation.
function parse(plain: Record<string, unknown>): { config: UgcContestConfig; problems: string[] } {
  const config = plainToInstance(UgcContestConfig, plain);
  return { config, problems: flatten(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })) };
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`), ...flatten(e.children ?? [], path)];
  });
}

const withRound2 = (over: Record<string, string>) => ({ ...BASE, round2: { ...BASE.round2, ...over } });

describe('UgcContestConfig', () => {
  it('should accept the minimal config and fill in the defaults', () => {
    // Act
    const { config, problems } = parse(BASE);
    // Assert
    expect(problems).toEqual([]);
    expect(config.winners).toBe(36);
    expect(config.votingPeriod).toBeInstanceOf(CalendarDayVotingPeriod);
    expect(config.votableBeforeApproval).toBe(false);
    expect(config.maxEntriesPerPerson).toBe(1);
    expect(config.moderation).toEqual({ blockedWords: [], allowedMediaTypes: [], requireHumanApproval: true });
    expect(config.prizePoolId).toBeUndefined();
  });

  it('should accept a full config with a fixed voting period', () => {
    const { config, problems } = parse({
      ...BASE,
      winners: 3,
      prizePoolId: '2f1d9b4e-8a4c-4d7e-9c1a-6b5e3f2a1d0c',
      votingPeriod: { kind: 'fixed', hours: 12 },
      votableBeforeApproval: true,
      moderation: { blockedWords: ['傻瓜', 'spam*'], allowedMediaTypes: ['Image', 'video/*', 'audio/mpeg'], requireHumanApproval: false },
      maxEntriesPerPerson: 2,
    });
    expect(problems).toEqual([]);
    expect(config.votingPeriod).toBeInstanceOf(FixedVotingPeriod);
    expect(config.votingPeriod).toEqual({ kind: 'fixed', hours: 12 });
    expect(config.moderation.allowedMediaTypes).toEqual(['image', 'video/*', 'audio/mpeg']);
  });

  it('should accept voting that opens with the entries and entries that close with the voting', () => {
    expect(parse(withRound2({ votingOpensAt: BASE.round2.entriesOpenAt, entriesCloseAt: BASE.round2.votingClosesAt })).problems).toEqual([]);
  });

  it('should refuse each window that closes before or when it opens', () => {
    expect(parse({ ...BASE, round1: { opensAt: BASE.round1.opensAt, closesAt: '2026-05-01T09:00:00+08:00' } }).problems).toEqual([
      'round1.closesAt: closesAt must be after opensAt',
    ]);
    expect(parse(withRound2({ entriesCloseAt: BASE.round2.entriesOpenAt })).problems).toEqual([
      'round2.entriesCloseAt: entriesCloseAt must be after entriesOpenAt',
    ]);
    expect(parse(withRound2({ votingOpensAt: '2026-05-05T00:00:00+08:00', votingClosesAt: '2026-05-05T00:00:00+08:00' })).problems).toEqual([
      'round2.votingClosesAt: votingClosesAt must be after votingOpensAt',
    ]);
  });

  it('should refuse voting that opens before the entries or closes before they do', () => {
    expect(parse(withRound2({ votingOpensAt: '2026-05-01T23:59:59+08:00' })).problems).toEqual([
      'round2.votingOpensAt: votingOpensAt must be at or after entriesOpenAt',
    ]);
    expect(parse(withRound2({ entriesCloseAt: '2026-05-06T00:00:01+08:00' })).problems).toEqual([
      'round2.votingClosesAt: votingClosesAt must be at or after entriesCloseAt',
    ]);
  });

  it('should refuse a round 2 that opens before round 1 or a round 1 that outlives the contest', () => {
    expect(parse(withRound2({ entriesOpenAt: '2026-05-01T09:00:00+08:00', votingOpensAt: '2026-05-01T09:00:00+08:00' })).problems).toEqual([
      'round2: round2.entriesOpenAt must be at or after round1.opensAt',
    ]);
    expect(parse({ ...BASE, round1: { ...BASE.round1, closesAt: '2026-05-07T00:00:00+08:00' } }).problems).toEqual([
      'round2: round1.closesAt must be at or before round2.votingClosesAt',
    ]);
  });

  it('should refuse instants without a zone or on impossible dates, and say only that', () => {
    expect(parse(withRound2({ votingOpensAt: '2026-05-02T00:00:00' })).problems).toEqual([
      'round2.votingOpensAt: votingOpensAt must be an ISO-8601 date-time with a zone offset, e.g. 2026-03-03T10:15:00+08:00',
    ]);
    expect(parse({ ...BASE, round1: { ...BASE.round1, opensAt: '2026-02-30T00:00:00Z' } }).problems).toHaveLength(1);
  });

  it('should refuse missing rounds, a missing seed post and unknown fields', () => {
    const { round1: _r1, ...noRound1 } = BASE;
    expect(parse(noRound1).problems).toEqual(['round1: round1 should not be null or undefined']);
    expect(parse({ ...BASE, round2: 'soon' }).problems).toContain('round2: nested property round2 must be either object or array');
    expect(parse({ ...BASE, seedPostId: '' }).problems).toEqual(['seedPostId: seedPostId must be longer than or equal to 1 characters']);
    expect(parse({ ...BASE, prize: 'phone' }).problems).toEqual(['prize: property prize should not exist']);
  });

  it('should refuse winners out of 1..1000, explicit nulls for defaulted fields and a prize pool that is not a uuid', () => {
    for (const winners of [0, 1001, 2.5, null, '36']) expect(parse({ ...BASE, winners }).problems.length).toBeGreaterThan(0);
    expect(parse({ ...BASE, winners: 1000 }).problems).toEqual([]);
    for (const field of ['votableBeforeApproval', 'votingPeriod', 'moderation', 'maxEntriesPerPerson']) {
      expect(parse({ ...BASE, [field]: null }).problems.length).toBeGreaterThan(0);
    }
    expect(parse({ ...BASE, maxEntriesPerPerson: 0 }).problems.length).toBeGreaterThan(0);
    expect(parse({ ...BASE, prizePoolId: 'pool-1' }).problems).toEqual(['prizePoolId: prizePoolId must be a UUID']);
  });

  it('should refuse a voting period of unknown kind, without hours when fixed, or with hours when per day', () => {
    const problemsOf = (votingPeriod: unknown) => parse({ ...BASE, votingPeriod }).problems;
    expect(problemsOf({ kind: 'weekly' })).toEqual(['votingPeriod.kind: kind must be one of the following values: calendar-day, fixed']);
    expect(problemsOf({ kind: 'fixed' }).some((p) => p.startsWith('votingPeriod.hours'))).toBe(true);
    expect(problemsOf({ kind: 'fixed', hours: 0 }).length).toBeGreaterThan(0);
    expect(problemsOf({ kind: 'calendar-day', hours: 24 })).toEqual(['votingPeriod.hours: property hours should not exist']);
    expect(problemsOf('calendar-day').length).toBeGreaterThan(0);
    expect(problemsOf({ kind: 'calendar-day' })).toEqual([]);
  });

  it('should refuse blocked words that are too many, too long or empty once normalised', () => {
    const problemsOf = (blockedWords: unknown) => parse({ ...BASE, moderation: { blockedWords } }).problems;
    expect(problemsOf(Array.from({ length: 500 }, (_, i) => `w${i}`))).toEqual([]);
    expect(problemsOf(Array.from({ length: 501 }, (_, i) => `w${i}`)).length).toBeGreaterThan(0);
    expect(problemsOf(['x'.repeat(100)])).toEqual([]);
    for (const word of ['x'.repeat(101), '', '   ', '*', '**', '\u200B', 7]) expect(problemsOf([word]).length).toBeGreaterThan(0);
  });

  it('should refuse media types that are not type or type/subtype', () => {
    const problemsOf = (allowedMediaTypes: unknown) => parse({ ...BASE, moderation: { allowedMediaTypes } }).problems;
    expect(problemsOf(['image', 'text', 'video/*', 'image/svg+xml'])).toEqual([]);
    for (const type of ['image/', '*/*', 'image png', '', 3]) expect(problemsOf([type]).length).toBeGreaterThan(0);
  });
});
