import { Inject, Injectable } from '@nestjs/common';
import Redis, { ChainableCommander } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '@lib/queue';
import { ACHIEVEMENT_WIDTH, achievementMs, decodeMember, encodeMember, fromMicro, toMicro } from './board-member';

// Credits one spread event at most once: the SADD guard and every effect in one script.
// KEYS: credited, board, members (participant → board member), reach.
// ARGV: spread event id, micro-points, participant id, the member this event would make.
// The achievement is the participant's latest event, so the member moves only when this
// event is later (a smaller time prefix); the total is carried over as the string Redis
// returned, never through a Lua number (which would round above 14 digits).
const CREDIT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PFADD', KEYS[4], ARGV[3])
local member = ARGV[4]
local prev = redis.call('HGET', KEYS[3], ARGV[3])
local w = ${ACHIEVEMENT_WIDTH}
if prev and tonumber(string.sub(prev, 1, w)) <= tonumber(string.sub(member, 1, w)) then
  redis.call('ZINCRBY', KEYS[2], ARGV[2], prev)
  return 1
end
if prev then
  local total = redis.call('ZINCRBY', KEYS[2], ARGV[2], prev)
  redis.call('ZREM', KEYS[2], prev)
  redis.call('ZADD', KEYS[2], total, member)
else
  redis.call('ZINCRBY', KEYS[2], ARGV[2], member)
end
redis.call('HSET', KEYS[3], ARGV[3], member)
return 1`;

// Sent as EVALSHA once a connection has the script (ioredis loads it per connection).
const CREDIT_COMMAND = 'canyuCreditV2';
type CreditPipeline = ChainableCommander & Record<typeof CREDIT_COMMAND, (...keysAndArgs: string[]) => ChainableCommander>;

/** Every score key of a campaign starts with this (one hash tag per campaign). */
export const scoreKeyBase = (campaignId: string): string => `canyu:score:{${campaignId}}`;

export interface Credit {
  spreadEventId: string;
  campaignId: string;
  actorId: string;
  weight: number;
  /** Business time of the spread event; the latest one is the participant's achievement. */
  occurredAt: Date;
}

export interface BoardEntry {
  participantId: string;
  score: number;
  achievedAt: Date;
}

/**
 * The Redis side of scoring: per-campaign leaderboard and reach (HyperLogLog). Scores are
 * integer micro-points; ties are ordered by the member itself (see board-member.ts). Keys
 * share a {campaignId} hash tag so a cluster keeps them together. Everything here can be
 * rebuilt from Postgres: a missing `built2` marker triggers it.
 */
@Injectable()
export class LeaderboardStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly db: DataSource,
  ) {
    redis.defineCommand(CREDIT_COMMAND, { numberOfKeys: 4, lua: CREDIT });
  }

  // Version 2 of the layout (micro-points, tie-ordered members): new names, so a board of
  // the first layout is rebuilt instead of mixed in. `reach` did not change.
  private keys(campaignId: string) {
    const base = scoreKeyBase(campaignId);
    return {
      credited: `${base}:credited2`,
      board: `${base}:board2`,
      members: `${base}:members2`,
      reach: `${base}:reach`,
      built: `${base}:built2`,
      legacy: [`${base}:credited`, `${base}:board`, `${base}:built`],
    };
  }

  /** Credits many events in one round trip; each is still guarded on its own. Returns how many were new. */
  async creditMany(credits: Credit[]): Promise<number> {
    if (credits.length === 0) return 0;
    const pipeline = this.redis.pipeline() as CreditPipeline;
    for (const c of credits) {
      const k = this.keys(c.campaignId);
      const member = encodeMember(c.actorId, achievementMs(c.occurredAt));
      pipeline[CREDIT_COMMAND](k.credited, k.board, k.members, k.reach, c.spreadEventId, String(toMicro(c.weight)), c.actorId, member);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
    return results.filter(([, added]) => added === 1).length;
  }

  /** Replays every counted spread event through the same guarded script, then marks the campaign built. */
  async ensureBuilt(campaignId: string): Promise<void> {
    const k = this.keys(campaignId);
    if ((await this.redis.exists(k.built)) === 1) return;
    const rows: { id: string; actor_id: string; weight: number; occurred_at: Date }[] = await this.db.query(
      `SELECT id, actor_id, weight, occurred_at FROM spread_event WHERE campaign_id = $1 AND status = 'counted'`,
      [campaignId],
    );
    for (let i = 0; i < rows.length; i += 500) {
      await this.creditMany(
        rows.slice(i, i + 500).map((r) => ({ spreadEventId: r.id, campaignId, actorId: r.actor_id, weight: r.weight, occurredAt: r.occurred_at })),
      );
    }
    await this.redis.set(k.built, new Date().toISOString());
    await this.redis.del(...k.legacy);
  }

  /** One page, best first; equal scores by earlier achievement, then smaller participant id. */
  async top(campaignId: string, offset: number, limit: number): Promise<BoardEntry[]> {
    await this.ensureBuilt(campaignId);
    const flat = await this.redis.zrevrange(this.keys(campaignId).board, offset, offset + limit - 1, 'WITHSCORES');
    const out: BoardEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ ...decodeMember(flat[i]), score: fromMicro(Number(flat[i + 1])) });
    return out;
  }

  async reach(campaignId: string): Promise<number> {
    await this.ensureBuilt(campaignId);
    return this.redis.pfcount(this.keys(campaignId).reach);
  }
}
