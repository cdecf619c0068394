import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '@lib/queue';

// Credits one spread event at most once: the SADD guard and both effects in one script.
const CREDIT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZINCRBY', KEYS[2], ARGV[2], ARGV[3])
  redis.call('PFADD', KEYS[3], ARGV[3])
  return 1
end
return 0`;

/** Every score key of a campaign starts with this (one hash tag per campaign). */
export const scoreKeyBase = (campaignId: string): string => `canyu:score:{${campaignId}}`;

export interface Credit {
  spreadEventId: string;
  campaignId: string;
  actorId: string;
  weight: number;
}

/**
 * The Redis side of scoring: per-campaign leaderboard (ZSET of participant id → score) and
 * reach (HyperLogLog). Keys share a {campaignId} hash tag so a cluster keeps them together.
 * Everything here can be rebuilt from Postgres: a missing `built` marker triggers it.
 */
@Injectable()
export class LeaderboardStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly db: DataSource,
  ) {}

  private keys(campaignId: string) {
    const base = scoreKeyBase(campaignId);
    return { credited: `${base}:credited`, board: `${base}:board`, reach: `${base}:reach`, built: `${base}:built` };
  }

  /** Credits many events in one round trip; each is still guarded on its own. Returns how many were new. */
  async creditMany(credits: Credit[]): Promise<number> {
    if (credits.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const c of credits) {
      const k = this.keys(c.campaignId);
      pipeline.eval(CREDIT, 3, k.credited, k.board, k.reach, c.spreadEventId, String(c.weight), c.actorId);
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
    const rows: { id: string; actor_id: string; weight: number }[] = await this.db.query(
      `SELECT id, actor_id, weight FROM spread_event WHERE campaign_id = $1 AND status = 'counted'`,
      [campaignId],
    );
    for (let i = 0; i < rows.length; i += 500) {
      await this.creditMany(rows.slice(i, i + 500).map((r) => ({ spreadEventId: r.id, campaignId, actorId: r.actor_id, weight: r.weight })));
    }
    await this.redis.set(k.built, new Date().toISOString());
  }

  async top(campaignId: string, offset: number, limit: number): Promise<{ participantId: string; score: number }[]> {
    await this.ensureBuilt(campaignId);
    const flat = await this.redis.zrevrange(this.keys(campaignId).board, offset, offset + limit - 1, 'WITHSCORES');
    const out: { participantId: string; score: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ participantId: flat[i], score: Math.round(Number(flat[i + 1]) * 1e6) / 1e6 });
    return out;
  }

  async reach(campaignId: string): Promise<number> {
    await this.ensureBuilt(campaignId);
    return this.redis.pfcount(this.keys(campaignId).reach);
  }
}
