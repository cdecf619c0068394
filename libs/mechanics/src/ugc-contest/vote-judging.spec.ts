import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { UgcContestConfig } from './ugc-contest.config';
import { EntryFact, judgeVotes, tallyVotes, VoteFact, VoteVerdict } from './vote-judging';

const TZ = 'Asia/Shanghai';
const OPENS = new Date('2026-05-02T00:00:00+08:00');
const CLOSES = new Date('2026-05-06T00:00:00+08:00');

function config(over: Record<string, unknown> = {}): UgcContestConfig {
  return plainToInstance(UgcContestConfig, {
    seedPostId: 'seed',
    round1: { opensAt: '2026-05-01T10:00:00+08:00', closesAt: '2026-05-04T10:00:00+08:00' },
    round2: { entriesOpenAt: '2026-05-02T00:00:00+08:00', entriesCloseAt: '2026-05-05T00:00:00+08:00', votingOpensAt: OPENS.toISOString(), votingClosesAt: CLOSES.toISOString() },
    ...over,
  });
}

const local = (day: number, hhmm: string) => new Date(`2026-05-0${day}T${hhmm}:00+08:00`);

function entry(entryId: string, over: Partial<EntryFact> = {}): EntryFact {
  return { entryId, authorId: `author-of-${entryId}`, occurredAt: local(2, '08:00'), moderation: 'approved', approvedAt: null, ...over };
}

function vote(eventId: string, entryId: string, occurredAt: Date, voterId = 'fan-1'): VoteFact {
  return { eventId, voterId, entryId, occurredAt };
}

const entries = (...list: EntryFact[]) => new Map(list.map((e) => [e.entryId, e]));
const CFG = config();
const ENTRIES = entries(entry('e1'), entry('e2'), entry('e3'));

describe('judgeVotes', () => {
  it('should count the first vote of the day for an approved entry by someone else as valid, naming the day', () => {
    const verdicts = judgeVotes([vote('v1', 'e1', local(2, '09:00'))], ENTRIES, CFG, TZ);
    expect(verdicts.get('v1')).toEqual({ status: 'valid', period: 'day:2026-05-02' });
  });

  it('should refuse a vote for your own entry with SELF_VOTE, without using up the day', () => {
    // Arrange
    const own = entries(entry('mine', { authorId: 'fan-1' }), entry('e2'));
    // Act
    const verdicts = judgeVotes([vote('v1', 'mine', local(2, '09:00')), vote('v2', 'e2', local(2, '10:00'))], own, CFG, TZ);
    // Assert
    expect(verdicts.get('v1')).toEqual({ status: 'invalid', reason: 'SELF_VOTE', period: 'day:2026-05-02' });
    expect(verdicts.get('v2')?.status).toBe('valid');
  });

  it('should refuse every vote after the first of a day with EXTRA_VOTE_IN_PERIOD, and take one again the next day', () => {
    const votes = [vote('v1', 'e1', local(2, '09:00')), vote('v2', 'e2', local(2, '23:59')), vote('v3', 'e1', local(2, '12:00')), vote('v4', 'e1', local(3, '00:00'))];
    const verdicts = judgeVotes(votes, ENTRIES, CFG, TZ);
    expect(Object.fromEntries([...verdicts].map(([id, v]) => [id, v.reason ?? v.status]))).toEqual({
      v1: 'valid',
      v3: 'EXTRA_VOTE_IN_PERIOD',
      v2: 'EXTRA_VOTE_IN_PERIOD',
      v4: 'valid',
    });
  });

  it('should refuse votes outside [votingOpensAt, votingClosesAt) with OUTSIDE_VOTING_WINDOW', () => {
    const votes = [
      vote('early', 'e1', new Date(OPENS.getTime() - 1)),
      vote('first', 'e2', OPENS),
      vote('last', 'e1', new Date(CLOSES.getTime() - 1)),
      vote('late', 'e3', CLOSES),
    ];
    const verdicts = judgeVotes(votes, ENTRIES, CFG, TZ);
    expect(verdicts.get('early')).toEqual({ status: 'invalid', reason: 'OUTSIDE_VOTING_WINDOW', period: 'day:2026-05-01' });
    expect(verdicts.get('first')?.status).toBe('valid');
    expect(verdicts.get('last')?.status).toBe('valid');
    expect(verdicts.get('late')).toEqual({ status: 'invalid', reason: 'OUTSIDE_VOTING_WINDOW', period: 'day:2026-05-06' });
  });

  it('should let a vote for an entry not seen yet wait while the contest is open, and refuse it with UNKNOWN_ENTRY at close', () => {
    const votes = [vote('v1', 'ghost', local(3, '09:00'))];
    expect(judgeVotes(votes, ENTRIES, CFG, TZ).get('v1')).toEqual({ status: 'waiting', reason: 'UNKNOWN_ENTRY', period: 'day:2026-05-03' });
    expect(judgeVotes(votes, ENTRIES, CFG, TZ, { final: true }).get('v1')).toEqual({ status: 'invalid', reason: 'UNKNOWN_ENTRY', period: 'day:2026-05-03' });
  });

  it('should judge a waiting vote once its entry arrives, taking the day back from a later vote', () => {
    // Arrange: the 09:00 vote names an entry that syncs late; the 11:00 vote meanwhile holds the day
    const votes = [vote('v-late-entry', 'e9', local(3, '09:00')), vote('v-other', 'e1', local(3, '11:00'))];
    const before = judgeVotes(votes, ENTRIES, CFG, TZ);
    // Act
    const after = judgeVotes(votes, new Map([...ENTRIES, ['e9', entry('e9', { occurredAt: local(3, '08:55') })]]), CFG, TZ);
    // Assert
    expect([before.get('v-late-entry')?.status, before.get('v-other')?.status]).toEqual(['waiting', 'valid']);
    expect(after.get('v-late-entry')).toEqual({ status: 'valid', period: 'day:2026-05-03' });
    expect(after.get('v-other')).toEqual({ status: 'invalid', reason: 'EXTRA_VOTE_IN_PERIOD', period: 'day:2026-05-03' });
  });

  it('should refuse votes for rejected and pending entries with ENTRY_NOT_APPROVED', () => {
    const list = entries(entry('bad', { moderation: 'rejected' }), entry('queued', { moderation: 'pending' }));
    const verdicts = judgeVotes([vote('v1', 'bad', local(2, '09:00')), vote('v2', 'queued', local(3, '09:00'))], list, CFG, TZ);
    expect(verdicts.get('v1')?.reason).toBe('ENTRY_NOT_APPROVED');
    expect(verdicts.get('v2')?.reason).toBe('ENTRY_NOT_APPROVED');
  });

  it('should count a vote cast after a human approved the entry, but not one cast before, at business time', () => {
    const list = entries(entry('e1', { approvedAt: local(3, '10:00') }));
    const votes = [vote('before', 'e1', local(3, '09:59'), 'fan-1'), vote('at', 'e1', local(3, '10:00'), 'fan-2')];
    const verdicts = judgeVotes(votes, list, CFG, TZ);
    expect(verdicts.get('before')?.reason).toBe('ENTRY_NOT_APPROVED');
    expect(verdicts.get('at')?.status).toBe('valid');
  });

  it('should count votes for pending entries when votableBeforeApproval, but never for rejected ones', () => {
    const cfg = config({ votableBeforeApproval: true });
    const list = entries(entry('queued', { moderation: 'pending' }), entry('late-ok', { approvedAt: local(4, '00:00') }), entry('bad', { moderation: 'rejected' }));
    const votes = [vote('v1', 'queued', local(2, '09:00')), vote('v2', 'late-ok', local(3, '09:00')), vote('v3', 'bad', local(4, '09:00'))];
    const verdicts = judgeVotes(votes, list, cfg, TZ);
    expect([verdicts.get('v1')?.status, verdicts.get('v2')?.status, verdicts.get('v3')?.reason]).toEqual(['valid', 'valid', 'ENTRY_NOT_APPROVED']);
  });

  it('should check the rules in order: window, then entry known, then self vote, then approval', () => {
    const list = entries(entry('mine', { authorId: 'fan-1', moderation: 'rejected' }));
    const at = local(2, '09:00');
    expect(judgeVotes([vote('v', 'mine', CLOSES)], list, CFG, TZ).get('v')?.reason).toBe('OUTSIDE_VOTING_WINDOW');
    expect(judgeVotes([vote('v', 'nope', CLOSES)], list, CFG, TZ).get('v')?.reason).toBe('OUTSIDE_VOTING_WINDOW');
    expect(judgeVotes([vote('v', 'mine', at)], list, CFG, TZ).get('v')?.reason).toBe('SELF_VOTE');
  });

  it('should give the period to the smaller event id when two votes share an instant, whatever their order', () => {
    const at = local(2, '09:00');
    const a = judgeVotes([vote('b', 'e1', at), vote('a', 'e2', at)], ENTRIES, CFG, TZ);
    const b = judgeVotes([vote('a', 'e2', at), vote('b', 'e1', at)], ENTRIES, CFG, TZ);
    expect(a.get('a')?.status).toBe('valid');
    expect(a.get('b')?.reason).toBe('EXTRA_VOTE_IN_PERIOD');
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('should judge each voter apart when a set holds several voters', () => {
    const at = local(2, '09:00');
    const verdicts = judgeVotes([vote('v1', 'e1', at, 'fan-1'), vote('v2', 'e1', at, 'fan-2')], ENTRIES, CFG, TZ);
    expect([verdicts.get('v1')?.status, verdicts.get('v2')?.status]).toEqual(['valid', 'valid']);
  });

  it('should use fixed periods counted from votingOpensAt when configured', () => {
    const cfg = config({ votingPeriod: { kind: 'fixed', hours: 6 } });
    const votes = [vote('v1', 'e1', OPENS), vote('v2', 'e2', new Date(OPENS.getTime() + 6 * 3_600_000 - 1)), vote('v3', 'e2', new Date(OPENS.getTime() + 6 * 3_600_000))];
    const verdicts = judgeVotes(votes, ENTRIES, cfg, TZ);
    expect([...verdicts.values()]).toEqual([
      { status: 'valid', period: 'fixed:0' },
      { status: 'invalid', reason: 'EXTRA_VOTE_IN_PERIOD', period: 'fixed:0' },
      { status: 'valid', period: 'fixed:1' },
    ]);
  });

  it('should judge an event id given twice once', () => {
    const v = vote('v1', 'e1', local(2, '09:00'));
    const verdicts = judgeVotes([v, { ...v }], ENTRIES, CFG, TZ);
    expect(verdicts.size).toBe(1);
    expect(tallyVotes(verdicts, [v, { ...v }])).toEqual(new Map([['e1', 1]]));
  });
});

describe('judgeVotes properties', () => {
  const voters = ['fan-1', 'fan-2', 'author-of-e1'];
  const entryIds = ['e1', 'e2', 'e3', 'ghost'];
  // Minutes around the window (one day before to one after), so every rule is reached.
  const span = (CLOSES.getTime() - OPENS.getTime()) / 60_000 + 2 * 1440;
  const voteArb = fc.record({
    voterId: fc.constantFrom(...voters),
    entryId: fc.constantFrom(...entryIds),
    minute: fc.integer({ min: 0, max: span }),
  });
  const entryArb = (entryId: string) =>
    fc.record({
      moderation: fc.constantFrom('approved' as const, 'pending' as const, 'rejected' as const),
      approvedAtMinute: fc.option(fc.integer({ min: 0, max: span }), { nil: null }),
    }).map(({ moderation, approvedAtMinute }) => entry(entryId, { moderation, approvedAt: approvedAtMinute === null ? null : minuteDate(approvedAtMinute) }));
  const minuteDate = (m: number) => new Date(OPENS.getTime() - 1440 * 60_000 + m * 60_000);
  const scenario = fc.record({
    raw: fc.array(voteArb, { maxLength: 25 }),
    known: fc.tuple(entryArb('e1'), entryArb('e2'), entryArb('e3')),
    votableBeforeApproval: fc.boolean(),
    fixedHours: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    final: fc.boolean(),
  }).chain((s) => {
    const votes = s.raw.map((r, i) => vote(`v${i}`, r.entryId, minuteDate(r.minute), r.voterId));
    return fc.shuffledSubarray(votes, { minLength: votes.length }).map((shuffled) => ({ ...s, votes, shuffled }));
  });
  const cfgOf = (s: { votableBeforeApproval: boolean; fixedHours: number | null }) =>
    config({ votableBeforeApproval: s.votableBeforeApproval, votingPeriod: s.fixedHours === null ? { kind: 'calendar-day' } : { kind: 'fixed', hours: s.fixedHours } });
  const sorted = (m: Map<string, VoteVerdict>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

  it('should give the same verdicts for every order of the same votes', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const cfg = cfgOf(s);
        const known = entries(...s.known);
        expect(sorted(judgeVotes(s.shuffled, known, cfg, TZ, { final: s.final }))).toEqual(sorted(judgeVotes(s.votes, known, cfg, TZ, { final: s.final })));
      }),
      { numRuns: 300 },
    );
  });

  it('should allow at most one valid vote per voter and period, and leave nothing waiting at close', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const verdicts = judgeVotes(s.votes, entries(...s.known), cfgOf(s), TZ, { final: true });
        const valid = s.votes.filter((v) => verdicts.get(v.eventId)?.status === 'valid').map((v) => `${v.voterId}|${verdicts.get(v.eventId)?.period}`);
        expect(new Set(valid).size).toBe(valid.length);
        expect([...verdicts.values()].some((v) => v.status === 'waiting')).toBe(false);
        expect(verdicts.size).toBe(s.votes.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tallyVotes', () => {
  it('should count only valid votes, per entry', () => {
    const votes = [
      vote('v1', 'e1', local(2, '09:00'), 'fan-1'),
      vote('v2', 'e1', local(2, '09:00'), 'fan-2'),
      vote('v3', 'e2', local(2, '10:00'), 'fan-2'),
      vote('v4', 'e3', local(3, '10:00'), 'fan-2'),
    ];
    const verdicts = new Map<string, VoteVerdict>([
      ['v1', { status: 'valid', period: 'day:2026-05-02' }],
      ['v2', { status: 'valid', period: 'day:2026-05-02' }],
      ['v3', { status: 'invalid', reason: 'EXTRA_VOTE_IN_PERIOD', period: 'day:2026-05-02' }],
      ['v4', { status: 'waiting', reason: 'UNKNOWN_ENTRY', period: 'day:2026-05-03' }],
    ]);
    expect(tallyVotes(verdicts, votes)).toEqual(new Map([['e1', 2]]));
  });
});
