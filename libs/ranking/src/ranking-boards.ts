import Redis from 'ioredis';
import { BoardSpec, boardKeys, layoutRules } from './board-spec';
import { BoardSource, RebuildOptions, RebuildOutcome, rebuildBoard } from './board-rebuild';
import { RankingPipeline, RankingRedis, execAll, withRankingScripts } from './commands';
import { RankUpdate, updateArgs } from './updates';

/** One member's place: `rank` counts from 1 and is never shared (ties are broken). */
export interface Ranked {
  member: string;
  score: number;
  rank: number;
  at: Date;
}

/** A group of updates applied together; with a credit key, at most once. */
export interface ApplyOp {
  board: BoardSpec;
  updates: readonly RankUpdate[];
  creditKey?: string;
}

export interface RankingOptions extends Partial<RebuildOptions> {
  /** How long `ensureBuilt` waits for another process's rebuild before failing. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function checkWindow(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`ranking: offset and limit must be non-negative integers, got ${offset}, ${limit}`);
  }
}

/**
 * Ranking boards in Redis: exact integer scores, ties ordered by the board's tie time, then
 * member id (bytes, ascending), by Redis itself (see member-codec.ts), so a page costs
 * O(log n + page) however many members tie. Redis holds only what the caller's source of
 * truth can rebuild (`rebuild`, `ensureBuilt`).
 */
export class RankingBoards {
  private readonly redis: RankingRedis;
  private readonly opts: RebuildOptions & { waitMs: number };

  constructor(redis: Redis, options: RankingOptions = {}) {
    this.redis = withRankingScripts(redis);
    this.opts = { leaseMs: 30_000, chunk: 1000, waitMs: 60_000, ...options };
  }

  /** Applies `updates` in one script; with `creditKey`, only if that key was never applied. Returns whether it applied. */
  async apply(board: BoardSpec, updates: readonly RankUpdate[], creditKey?: string): Promise<boolean> {
    const [applied] = await this.applyMany([{ board, updates, creditKey }]);
    return applied;
  }

  /** Many groups in one round trip, each guarded and atomic on its own. */
  async applyMany(ops: readonly ApplyOp[]): Promise<boolean[]> {
    if (ops.length === 0) return [];
    const pipeline = this.redis.pipeline() as RankingPipeline;
    for (const op of ops) {
      if (op.creditKey === '') throw new RangeError('ranking: a credit key must not be empty');
      const k = boardKeys(op.board);
      const rules = layoutRules(op.board);
      const args = op.updates.flatMap((u) => updateArgs(u, rules));
      const staged = [k.staging.board, k.staging.members, k.staging.credited];
      pipeline.rankingApplyV1(k.board, k.members, k.credited, k.lease, ...staged, op.board.tieTime, rules.codec.direction, op.creditKey ?? '', ...args);
    }
    return (await execAll(pipeline)).map((r) => r === 1);
  }

  /** `limit` members from `offset` (0-based), best first. */
  async page(board: BoardSpec, offset: number, limit: number): Promise<Ranked[]> {
    checkWindow(offset, limit);
    if (limit === 0) return [];
    const { codec, sign, reverse } = layoutRules(board);
    const key = boardKeys(board).board;
    const stop = offset + limit - 1;
    const flat = reverse ? await this.redis.zrevrange(key, offset, stop, 'WITHSCORES') : await this.redis.zrange(key, offset, stop, 'WITHSCORES');
    const out: Ranked[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const { member, at } = codec.decode(flat[i]);
      out.push({ member, score: this.score(flat[i + 1], sign), rank: offset + i / 2 + 1, at });
    }
    return out;
  }

  /** A member's place, or null when it is not on the board. */
  async rankOf(board: BoardSpec, member: string): Promise<Ranked | null> {
    const { codec, sign, reverse } = layoutRules(board);
    const k = boardKeys(board);
    const found = (await this.redis.rankingRankV1(k.board, k.members, codec.id(member), reverse ? 'rev' : 'fwd')) as [string, number, string] | null;
    if (!found) return null;
    const [stored, rank, score] = found;
    const { member: id, at } = codec.decode(stored);
    return { member: id, score: this.score(score, sign), rank: rank + 1, at };
  }

  size(board: BoardSpec): Promise<number> {
    return this.redis.zcard(boardKeys(board).board);
  }

  async isBuilt(board: BoardSpec): Promise<boolean> {
    return (await this.redis.exists(boardKeys(board).built)) === 1;
  }

  /** For a board that is whole as it is (e.g. a new one whose source has no rows yet). */
  async markBuilt(board: BoardSpec): Promise<void> {
    await this.redis.set(boardKeys(board).built, new Date().toISOString());
  }

  /** Replaces the board with what `load` returns, atomically for readers (see board-rebuild.ts). */
  rebuild(board: BoardSpec, load: () => Promise<BoardSource>): Promise<RebuildOutcome> {
    return rebuildBoard(this.redis, board, load, this.opts);
  }

  /** Returns once the board is built: rebuilds it, or waits for the rebuild another process holds. */
  async ensureBuilt(board: BoardSpec, load: () => Promise<BoardSource>): Promise<void> {
    const until = Date.now() + this.opts.waitMs;
    while (!(await this.isBuilt(board))) {
      if ((await rebuildBoard(this.redis, board, load, this.opts, true)) === 'rebuilt') return;
      if (Date.now() > until) throw new Error(`ranking: board ${board.base} was not rebuilt within ${this.opts.waitMs} ms`);
      await sleep(25);
    }
  }

  // Stored scores are integers as Redis prints them; `0 -` and `+ 0` also turn -0 into 0.
  private score(stored: string, sign: 1 | -1): number {
    const n = Number(stored);
    return sign === 1 ? n + 0 : 0 - n;
  }
}
