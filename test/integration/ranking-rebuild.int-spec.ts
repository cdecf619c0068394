import { randomUUID } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import Redis from 'ioredis';
import { BoardSpec, Ranked, RankingBoards, RebuildRow } from '@lib/ranking';
import { wipeRedis } from '@lib/testing';
import { boardFactory, expectedBoard } from '../support/ranking-model';

// Rebuilding a board from its source of truth: readers see the old board or the new one, never
// part of it; credits racing the rebuild count once; one rebuild at a time; and a 100k-way tie
// pages in O(log n + page).
describe('ranking boards: rebuild', () => {
  const url = process.env.REDIS_URL!;
  const redis = new Redis(url);
  const readerRedis = new Redis(url);
  // Small chunks, so a rebuild takes many round trips for a reader to fall between.
  const boards = new RankingBoards(redis, { chunk: 100 });
  const reader = new RankingBoards(readerRedis);
  const bases: string[] = [];
  const newBoard = boardFactory(bases);
  const T = (s: number) => new Date(Date.parse('2026-03-03T02:00:00Z') + s * 1000);
  const all = (b: BoardSpec) => boards.page(b, 0, 100_000);
  const signature = (rows: Ranked[]) => rows.map((r) => `${r.rank}:${r.member}:${r.score}:${r.at.getTime()}`).join(',');
  const apply = (b: BoardSpec, rows: RebuildRow[]) => boards.applyMany(rows.map(({ creditKey, ...u }) => ({ board: b, updates: [u], creditKey })));
  async function* slowly(rows: RebuildRow[], each: (i: number) => Promise<void> = async () => undefined) {
    for (let i = 0; i < rows.length; i++) {
      if (i % 100 === 0) {
        await each(i);
        await tick();
      }
      yield rows[i];
    }
  }

  afterAll(async () => {
    await wipeRedis(url, bases.map((b) => `${b}:*`));
    await Promise.all([redis.quit(), readerRedis.quit()]);
  });

  it('should show a reader the old board or the new one while it is rebuilt, never a part', async () => {
    const b = newBoard({ tieTime: 'latest' });
    const old = Array.from({ length: 3000 }, (_, i) => ({ member: `o${i}`, delta: 1, at: T(i % 5), creditKey: `o${i}` }));
    await apply(b, old);
    // The source has the old credits, 2000 new members and later credits to a third of the old ones.
    const source = [
      ...old,
      ...Array.from({ length: 2000 }, (_, i) => ({ member: `n${i}`, delta: 2, at: T(i % 7), creditKey: `n${i}` })),
      ...Array.from({ length: 1000 }, (_, i) => ({ member: `o${i * 3}`, delta: 3, at: T(9), creditKey: `x${i}` })),
    ];
    const oldJson = signature(expectedBoard(b, old));
    const want = expectedBoard(b, source);
    const newJson = signature(want);
    const seen = { old: 0, new: 0, other: 0 };
    let rebuilding = true;
    let readerDone: Promise<void> = Promise.resolve();
    const outcome = await boards.rebuild(b, async () => {
      const loop = async () => {
        do {
          const page = signature(await reader.page(b, 0, 10_000));
          seen[page === oldJson ? 'old' : page === newJson ? 'new' : 'other'] += 1;
        } while (rebuilding);
      };
      readerDone = loop();
      await tick();
      return slowly(source);
    });
    rebuilding = false;
    await readerDone;
    expect(outcome).toBe('rebuilt');
    expect(seen.other).toBe(0);
    expect(seen.old).toBeGreaterThan(0);
    expect(await all(b)).toEqual(want);
    expect(await reader.isBuilt(b)).toBe(true);
    // Only the board's own keys remain: no lease, no staged copy.
    expect((await redis.keys(`${b.base}:*`)).sort()).toEqual([`${b.base}:board`, `${b.base}:built`, `${b.base}:credited`, `${b.base}:members`]);
  });

  it('should count a credit that races the rebuild once, whether the source has it or not, and keep what the board had', async () => {
    const b = newBoard({ tieTime: 'first', order: 'asc' });
    const liveOnly = { member: 'a', delta: 7, at: T(1), creditKey: 'live-only' };
    await apply(b, [liveOnly]);
    const dupEarly = { member: 'b', delta: 1, at: T(2), creditKey: 'dup-early' };
    const dupLate = { member: 'c', delta: 4, at: T(3), creditKey: 'dup-late' };
    const fresh = { member: 'd', delta: 2, at: T(4), creditKey: 'fresh' };
    const mid = { member: 'b', delta: 5, at: T(0), creditKey: 'mid' };
    const source = [dupEarly, ...Array.from({ length: 500 }, (_, i) => ({ member: `m${i}`, delta: i % 4, at: T(i % 3), creditKey: `m${i}` })), dupLate];
    const outcome = await boards.rebuild(b, async () => {
      // Credited live after the lease: one the source also has, one it does not.
      await apply(b, [dupEarly, fresh]);
      return slowly(source, async (i) => {
        if (i === 200) await apply(b, [mid, dupLate, dupEarly]);
      });
    });
    expect(outcome).toBe('rebuilt');
    expect(await all(b)).toEqual(expectedBoard(b, [liveOnly, ...source, fresh, mid]));
    expect(await boards.apply(b, [fresh], fresh.creditKey)).toBe(false);
  });

  it('should let one rebuild run at a time, the others waiting for it to finish', async () => {
    const b = newBoard({ tieTime: 'latest' });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = boards.rebuild(b, async () => {
      await gate;
      return [{ member: 'a', delta: 1, at: T(1), creditKey: 'k1' }];
    });
    await tick();
    const other = jest.fn(async () => [{ member: 'z', delta: 9, at: T(1), creditKey: 'k9' }]);
    expect(await reader.rebuild(b, other)).toBe('busy');
    const waiting = reader.ensureBuilt(b, other);
    setTimeout(open, 100);
    await waiting;
    expect(await first).toBe('rebuilt');
    expect(other).not.toHaveBeenCalled();
    expect((await all(b)).map((r) => r.member)).toEqual(['a']);
  });

  it('should give up a rebuild whose lease Redis lost, and release the lease when its source fails', async () => {
    const b = newBoard({ tieTime: 'latest' });
    const rows = Array.from({ length: 300 }, (_, i) => ({ member: `m${i}`, delta: 1, at: T(1), creditKey: `k${i}` }));
    const lost = await boards.rebuild(b, async () => slowly(rows, async (i) => (i === 100 ? wipeRedis(url, [`${b.base}:*`]) : undefined)));
    expect(lost).toBe('lost');
    expect(await boards.isBuilt(b)).toBe(false);
    await expect(boards.rebuild(b, async () => Promise.reject(new Error('source down')))).rejects.toThrow('source down');
    await boards.ensureBuilt(b, async () => rows);
    expect(await boards.size(b)).toBe(300);
    await boards.ensureBuilt(b, async () => Promise.reject(new Error('not called when built')));
  });

  it.each([
    ['plain', { tieTime: 'latest' }],
    ['uuid-complement (spread board2)', { tieTime: 'latest', layout: 'uuid-complement' }],
  ] as const)('should page a 100k-way tie fast on the %s layout', async (name, spec) => {
    const b = newBoard(spec);
    const ids = Array.from({ length: 100_000 }, () => randomUUID());
    const t0 = performance.now();
    expect(await new RankingBoards(redis).rebuild(b, async () => ids.map((member, i) => ({ member, delta: 800_000, at: T(0), creditKey: `e${i}` })))).toBe('rebuilt');
    const rebuildMs = performance.now() - t0;
    const sorted = [...ids].sort();
    const timings: string[] = [];
    for (const offset of [0, 50_000, 99_900]) {
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const start = performance.now();
        const page = await reader.page(b, offset, 100);
        best = Math.min(best, performance.now() - start);
        expect(page.map((p) => p.member)).toEqual(sorted.slice(offset, offset + 100));
        expect(page[0]).toMatchObject({ rank: offset + 1, score: 800_000, at: T(0) });
      }
      timings.push(best.toFixed(2));
      expect(best).toBeLessThan(50);
    }
    const rank = await reader.rankOf(b, sorted[77_777]);
    expect(rank?.rank).toBe(77_778);
    process.stdout.write(`ranking ${name}: 100k-way tie, page of 100 at offset 0/50k/99.9k in ${timings.join('/')} ms (best of 5); rebuilt from 100k rows in ${Math.round(rebuildMs)} ms\n`);
  }, 60_000);
});
