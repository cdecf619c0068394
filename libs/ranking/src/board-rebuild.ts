import { randomUUID } from 'node:crypto';
import { BoardSpec, boardKeys, layoutRules } from './board-spec';
import { RankingRedis } from './commands';
import { RebuildRow, rowArgs } from './updates';

/** The board's source of truth as rows; a plain array, or streamed from a database cursor. */
export type BoardSource = Iterable<RebuildRow> | AsyncIterable<RebuildRow>;

/** 'rebuilt': this call swapped the board in; 'busy': another rebuild holds it; 'lost': the lease vanished (Redis lost it, or it expired and another took over). */
export type RebuildOutcome = 'rebuilt' | 'busy' | 'lost';

export interface RebuildOptions {
  /** How long a rebuild may go without progress before another may take over; extended by every chunk. */
  leaseMs: number;
  /** Rows per staging script, so Redis is never blocked long. */
  chunk: number;
}

/**
 * Rebuilds a board from its source of truth without a reader ever seeing half of it. Taking
 * the lease copies the live board to staging keys; the source's rows are applied there, each
 * guarded by its credit key exactly as `apply` would; one script swaps the copy in. While the
 * lease is held every `apply` also writes to the copy, so nothing written meanwhile is lost,
 * and the guards count a credit that both the source and a live write carry once. The result
 * is what replaying the source onto the live board gives: credits already on the board stay.
 * Unguarded delta rows are not idempotent: a board fed that way must not race its rebuild.
 */
export async function rebuildBoard(
  redis: RankingRedis,
  spec: BoardSpec,
  load: () => Promise<BoardSource>,
  opts: RebuildOptions,
  ifUnbuilt = false,
): Promise<RebuildOutcome> {
  const k = boardKeys(spec);
  const staged = [k.staging.board, k.staging.members, k.staging.credited];
  const token = randomUUID();
  const lease = String(opts.leaseMs);
  if ((await redis.rankingStartV1(k.lease, ...staged, k.board, k.members, k.credited, token, lease)) !== 1) return 'busy';
  // Another process may have finished its rebuild between our check and our lease: done then.
  if (ifUnbuilt && (await redis.exists(k.built)) === 1) {
    await redis.rankingReleaseV1(k.lease, ...staged, token);
    return 'rebuilt';
  }
  try {
    // Read only now: a row committed after this read reaches the board through `apply`.
    const rows = await load();
    const rules = layoutRules(spec);
    let args: string[] = [];
    const flush = async (): Promise<boolean> => {
      if (args.length === 0) return true;
      const result = Number(await redis.rankingStageV1(k.lease, ...staged, token, lease, spec.tieTime, rules.codec.direction, ...args));
      if (result < 0) throw new RangeError(`ranking: a source row of ${spec.base} takes a score outside ±(2^53 − 1)`);
      args = [];
      return result === 1;
    };
    for await (const row of rows) {
      args.push(...rowArgs(row, rules));
      if (args.length >= opts.chunk * 6 && !(await flush())) return 'lost';
    }
    if (!(await flush())) return 'lost';
    const done = await redis.rankingFinishV1(k.lease, ...staged, k.board, k.members, k.credited, k.built, token, new Date().toISOString());
    return done === 1 ? 'rebuilt' : 'lost';
  } catch (err) {
    await redis.rankingReleaseV1(k.lease, ...staged, token).catch(() => undefined);
    throw err;
  }
}
