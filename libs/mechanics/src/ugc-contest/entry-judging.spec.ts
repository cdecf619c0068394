import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { EntrySubmission, judgeEntries } from './entry-judging';
import { UgcContestConfig } from './ugc-contest.config';

const ENTRIES_OPEN = new Date('2026-05-02T00:00:00+08:00');
const ENTRIES_CLOSE = new Date('2026-05-05T00:00:00+08:00');

function config(maxEntriesPerPerson = 1): UgcContestConfig {
  return plainToInstance(UgcContestConfig, {
    seedPostId: 'seed',
    round1: { opensAt: '2026-05-01T10:00:00+08:00', closesAt: '2026-05-04T10:00:00+08:00' },
    round2: { entriesOpenAt: ENTRIES_OPEN.toISOString(), entriesCloseAt: ENTRIES_CLOSE.toISOString(), votingOpensAt: '2026-05-02T00:00:00+08:00', votingClosesAt: '2026-05-06T00:00:00+08:00' },
    maxEntriesPerPerson,
  });
}

const hour = (h: number) => new Date(ENTRIES_OPEN.getTime() + h * 3_600_000);

function submission(entryId: string, occurredAt: Date, over: Partial<EntrySubmission> = {}): EntrySubmission {
  return { entryId, authorId: 'fan-1', occurredAt, moderation: 'approved', ...over };
}

const statusOf = (verdicts: ReturnType<typeof judgeEntries>) =>
  Object.fromEntries([...verdicts].map(([id, v]) => [id, v.status === 'accepted' ? 'accepted' : v.reason]));

describe('judgeEntries', () => {
  it('should take entries inside [entriesOpenAt, entriesCloseAt) only', () => {
    const list = [
      submission('early', new Date(ENTRIES_OPEN.getTime() - 1), { authorId: 'a' }),
      submission('first', ENTRIES_OPEN, { authorId: 'b' }),
      submission('last', new Date(ENTRIES_CLOSE.getTime() - 1), { authorId: 'c' }),
      submission('late', ENTRIES_CLOSE, { authorId: 'd' }),
    ];
    expect(statusOf(judgeEntries(list, config()))).toEqual({ early: 'OUTSIDE_ENTRY_WINDOW', first: 'accepted', last: 'accepted', late: 'OUTSIDE_ENTRY_WINDOW' });
  });

  it("should take each person's first entries up to the limit, in business-time order whatever the input order", () => {
    const list = [submission('third', hour(3)), submission('first', hour(1)), submission('second', hour(2)), submission('other', hour(2), { authorId: 'fan-2' })];
    expect(statusOf(judgeEntries(list, config(2)))).toEqual({ first: 'accepted', second: 'accepted', other: 'accepted', third: 'ENTRY_LIMIT_REACHED' });
    expect(statusOf(judgeEntries([...list].reverse(), config(2)))).toEqual(statusOf(judgeEntries(list, config(2))));
  });

  it('should free the slot of a rejected entry and keep the slot of a pending one', () => {
    const rejected = [submission('bad', hour(1), { moderation: 'rejected' }), submission('retry', hour(2))];
    expect(statusOf(judgeEntries(rejected, config()))).toEqual({ bad: 'accepted', retry: 'accepted' });
    const pending = [submission('queued', hour(1), { moderation: 'pending' }), submission('retry', hour(2))];
    expect(statusOf(judgeEntries(pending, config()))).toEqual({ queued: 'accepted', retry: 'ENTRY_LIMIT_REACHED' });
  });

  it('should break a tie at the same instant by entry id', () => {
    const list = [submission('b', hour(1)), submission('a', hour(1))];
    expect(statusOf(judgeEntries(list, config()))).toEqual({ a: 'accepted', b: 'ENTRY_LIMIT_REACHED' });
  });
});
