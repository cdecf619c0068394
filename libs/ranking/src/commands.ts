import Redis, { ChainableCommander } from 'ioredis';
import { APPLY, FINISH, RANK, RELEASE, STAGE, START } from './scripts';

// Sent as EVALSHA once a connection has a script (ioredis loads it per connection, also in pipelines).
// Versioned names: a changed script gets a new name rather than a redefinition.
const SCRIPTS = {
  rankingApplyV1: { keys: 7, lua: APPLY },
  rankingStartV1: { keys: 7, lua: START },
  rankingStageV1: { keys: 4, lua: STAGE },
  rankingFinishV1: { keys: 8, lua: FINISH },
  rankingReleaseV1: { keys: 4, lua: RELEASE },
  rankingRankV1: { keys: 2, lua: RANK },
} as const;

type Name = keyof typeof SCRIPTS;
export type RankingRedis = Redis & Record<Name, (...keysAndArgs: string[]) => Promise<unknown>>;
export type RankingPipeline = ChainableCommander & Record<Name, (...keysAndArgs: string[]) => ChainableCommander>;

/** Defines the scripts on a connection (idempotent: the same source under the same name). */
export function withRankingScripts(redis: Redis): RankingRedis {
  for (const [name, s] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: s.keys, lua: s.lua });
  return redis as RankingRedis;
}

/** Runs a pipeline and throws the first command error, as a whole failure. */
export async function execAll(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
  return results.map(([, value]) => value);
}
