import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import Redis from 'ioredis';
import { BoardSpec, RankingBoards, RankUpdate } from '@lib/ranking';
import { wipeRedis } from '@lib/testing';
import { boardFactory, expectedBoard } from '../support/ranking-model';

// libs/ranking on real Redis: the fair order under each tie policy and order, whatever the
// arrival order, exact integers, and credits applied at most once.
describe('ranking boards: order and credits', () => {
  const redis = new Redis(process.env.REDIS_URL!);
  const boards = new RankingBoards(redis);
  const bases: string[] = [];
  const newBoard = boardFactory(bases);
  const T = (s: number) => new Date(Date.parse('2026-03-03T02:00:00Z') + s * 1000);
  const all = (b: BoardSpec) => boards.page(b, 0, 10_000);

  afterAll(async () => {
    await wipeRedis(process.env.REDIS_URL!, bases.map((b) => `${b}:*`));
    await redis.quit();
  });

  it('should rank equal scores by the latest time, then the smaller id, on a latest board', async () => {
    const b = newBoard({ tieTime: 'latest' });
    await boards.applyMany([
      { board: b, updates: [{ member: 'a', delta: 3, at: T(1) }, { member: 'a', delta: 2, at: T(3) }] },
      { board: b, updates: [{ member: 'c', delta: 5, at: T(2) }] },
      { board: b, updates: [{ member: 'b', delta: 5, at: T(2) }, { member: 'd', delta: 6, at: T(9) }] },
    ]);
    expect(await all(b)).toEqual([
      { member: 'd', score: 6, rank: 1, at: T(9) },
      { member: 'b', score: 5, rank: 2, at: T(2) },
      { member: 'c', score: 5, rank: 3, at: T(2) },
      { member: 'a', score: 5, rank: 4, at: T(3) },
    ]);
  });

  it('should order equal scores and times by the id bytes in UTF-8, not by JavaScript string order', async () => {
    const b = newBoard({ tieTime: 'latest' });
    const ids = ['\u{1F600}', '\uFF21', 'b', 'ab', 'a', 'Z', 'é'];
    await boards.apply(b, ids.map((member) => ({ member, delta: 1, at: T(1) })));
    const bytes = [...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(bytes).not.toEqual([...ids].sort()); // the two orders differ here
    expect((await all(b)).map((r) => r.member)).toEqual(bytes);
  });

  it('should rank equal scores by the first time, then the smaller id, on a first board', async () => {
    const b = newBoard({ tieTime: 'first' });
    // Votes (at T5..) reach the entries' boards before entry 'a' itself (at T1): still T1.
    await boards.apply(b, [{ member: 'a', delta: 1, at: T(5) }, { member: 'b', delta: 2, at: T(2) }, { member: 'c', delta: 2, at: T(2) }]);
    await boards.apply(b, [{ member: 'a', at: T(1) }, { member: 'a', delta: 1, at: T(6) }]);
    expect((await all(b)).map((r) => [r.member, r.score, r.at])).toEqual([['a', 2, T(1)], ['b', 2, T(2)], ['c', 2, T(2)]]);
  });

  it('should take the time of the last update on an explicit board', async () => {
    const b = newBoard({ tieTime: 'explicit' });
    await boards.apply(b, [{ member: 'a', set: 10, at: T(8) }, { member: 'b', set: 10, at: T(4) }]);
    await boards.apply(b, [{ member: 'a', set: 10, at: T(1) }]);
    expect((await all(b)).map((r) => [r.member, r.at])).toEqual([['a', T(1)], ['b', T(4)]]);
  });

  it('should rank the lowest score first on an ascending board, ties as on any board', async () => {
    const b = newBoard({ tieTime: 'first', order: 'asc' });
    await boards.apply(b, [
      { member: 'slow', set: 120_500, at: T(2) },
      { member: 'late', set: 100_000, at: T(3) },
      { member: 'early', set: 100_000, at: T(1) },
      { member: 'neg', delta: -5, at: T(9) },
    ]);
    expect((await all(b)).map((r) => [r.member, r.score, r.rank])).toEqual([['neg', -5, 1], ['early', 100_000, 2], ['late', 100_000, 3], ['slow', 120_500, 4]]);
    expect(await boards.rankOf(b, 'late')).toEqual({ member: 'late', score: 100_000, rank: 3, at: T(3) });
    expect(await boards.rankOf(b, 'absent')).toBeNull();
    expect(await boards.size(b)).toBe(4);
  });

  it('should give the same page for the same data in any insertion order, on every layout and policy', async () => {
    const uuids = Array.from({ length: 12 }, () => randomUUID());
    // Ids whose UTF-8 byte order differs from JavaScript's UTF-16 order (U+FF21 vs U+1F600).
    const texts = ['a', 'ab', 'b', 'Z', 'é', '日本', '\uFF21', '\u{1F600}', 'e:1', 'e{2}', 'x'.repeat(40), '0'];
    const configs: Omit<BoardSpec, 'base'>[] = [
      { tieTime: 'latest' },
      { tieTime: 'first', order: 'asc' },
      { tieTime: 'latest', layout: 'uuid-complement' },
      { tieTime: 'first', layout: 'uuid-complement', order: 'asc' },
    ];
    const update = (ids: string[]): fc.Arbitrary<RankUpdate> =>
      fc.record({ member: fc.constantFrom(...ids), delta: fc.integer({ min: -3, max: 5 }), at: fc.integer({ min: 0, max: 4 }).map(T) });
    const data = fc
      .tuple(fc.array(update(texts), { minLength: 1, maxLength: 80 }), fc.array(update(uuids), { minLength: 1, maxLength: 80 }))
      .chain(([plain, uuid]) => {
        const perms = (us: RankUpdate[]) => fc.tuple(fc.shuffledSubarray(us, { minLength: us.length }), fc.shuffledSubarray(us, { minLength: us.length }));
        return fc.tuple(fc.constant(plain), perms(plain), fc.constant(uuid), perms(uuid), fc.integer({ min: 1, max: 30 }));
      });
    await fc.assert(
      fc.asyncProperty(data, async ([plain, plainOrders, uuid, uuidOrders, chunk]) => {
        for (const config of configs) {
          const [updates, orders] = config.layout === 'uuid-complement' ? [uuid, uuidOrders] : [plain, plainOrders];
          const want = expectedBoard({ base: '', ...config }, updates);
          for (const order of [updates, ...orders]) {
            const b = newBoard(config);
            const keyed = order.map((u) => ({ board: b, updates: [u], creditKey: `${u.member}|${u.delta}|${u.at.getTime()}|${updates.indexOf(u)}` }));
            for (let i = 0; i < keyed.length; i += chunk) await boards.applyMany(keyed.slice(i, i + chunk));
            await boards.applyMany(keyed.slice(0, chunk)); // a replayed batch changes nothing
            expect(await all(b)).toEqual(want);
          }
        }
      }),
      { numRuns: 12 },
    );
  });

  it('should apply a credit key once, also twice in one batch, and per board', async () => {
    const b = newBoard({ tieTime: 'latest' });
    const other = newBoard({ tieTime: 'latest' });
    const u = [{ member: 'a', delta: 10n, at: T(1) }];
    expect(await boards.apply(b, u, 'evt-1')).toBe(true);
    expect(await boards.apply(b, u, 'evt-1')).toBe(false);
    expect(await boards.applyMany([{ board: b, updates: u, creditKey: 'evt-2' }, { board: b, updates: u, creditKey: 'evt-2' }, { board: other, updates: u, creditKey: 'evt-2' }])).toEqual([true, false, true]);
    expect(await boards.rankOf(b, 'a')).toMatchObject({ score: 20, rank: 1 });
    expect(await boards.rankOf(other, 'a')).toMatchObject({ score: 10 });
  });

  it('should keep scores exact to 2^53 − 1 and change nothing when a group would pass it', async () => {
    const b = newBoard({ tieTime: 'latest' });
    const max = Number.MAX_SAFE_INTEGER;
    await boards.apply(b, [{ member: 'a', delta: max - 1, at: T(1) }, { member: 'a', delta: 1, at: T(2) }], 'k1');
    expect(await boards.rankOf(b, 'a')).toMatchObject({ score: max, at: T(2) });
    // The first update of the group is fine, the second is not: neither is written, nor the key.
    await expect(boards.apply(b, [{ member: 'b', delta: 1, at: T(3) }, { member: 'a', delta: 1, at: T(3) }], 'k2')).rejects.toThrow('RANKING_SCORE_RANGE');
    expect(await boards.size(b)).toBe(1);
    expect(await boards.apply(b, [{ member: 'b', delta: 1, at: T(3) }], 'k2')).toBe(true);
    expect(await boards.page(b, 0, 5)).toEqual([
      { member: 'a', score: max, rank: 1, at: T(2) },
      { member: 'b', score: 1, rank: 2, at: T(3) },
    ]);
  });

  it('should page a board without duplicates or gaps and refuse a bad window', async () => {
    const b = newBoard({ tieTime: 'latest', layout: 'uuid-complement' });
    const ids = Array.from({ length: 250 }, () => randomUUID());
    await boards.applyMany(ids.map((member, i) => ({ board: b, updates: [{ member, delta: i % 3, at: T(i % 2) }] })));
    const want = expectedBoard(b, ids.map((member, i) => ({ member, delta: i % 3, at: T(i % 2) })));
    const seen = [];
    for (let offset = 0; offset < 300; offset += 37) seen.push(...(await boards.page(b, offset, 37)));
    expect(seen).toEqual(want);
    expect(await boards.page(b, 5, 0)).toEqual([]);
    await expect(boards.page(b, -1, 10)).rejects.toThrow('non-negative');
  });
});
