import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '@lib/queue';
import { BoardSpec, RankingBoards, RebuildRow } from '@lib/ranking';
import { fromMicro, toMicro } from './micro-points';

/** Every score key of a campaign starts with this (one hash tag per campaign). */
export const scoreKeyBase = (campaignId: string): string => `canyu:score:{${campaignId}}`;

/**
 * A campaign's leaderboard as a ranking board: micro-points, highest first, equal scores by the
 * latest achievement. The `2` names and the uuid-complement layout are the ones written before
 * libs/ranking (version 2: micro-points, tie-ordered members), so boards in Redis stay valid;
 * boards of the first layout (`credited|board|built`) are rebuilt instead and dropped then.
 */
const spreadBoard = (campaignId: string): BoardSpec => ({
  base: scoreKeyBase(campaignId),
  tieTime: 'latest',
  layout: 'uuid-complement',
  names: { board: 'board2', members: 'members2', credited: 'credited2', built: 'built2' },
});
const reachKey = (campaignId: string) => `${scoreKeyBase(campaignId)}:reach`;
const legacyKeys = (campaignId: string) => ['credited', 'board', 'built'].map((n) => `${scoreKeyBase(campaignId)}:${n}`);

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
 * The Redis side of scoring: per-campaign leaderboard (libs/ranking) and reach (HyperLogLog).
 * Everything here can be rebuilt from Postgres: a missing `built2` marker triggers it.
 */
@Injectable()
export class LeaderboardStore {
  private readonly boards: RankingBoards;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly db: DataSource,
  ) {
    this.boards = new RankingBoards(redis);
  }

  /**
   * Credits many events (one pipeline for the board, one for reach), each guarded by its spread
   * event id in the credited set: a re-credit is a no-op. Returns how many were new. Reach is
   * added for every credit, new or not: PFADD is idempotent, and a retry after a failed PFADD
   * finds the credit applied and must still add it.
   */
  async creditMany(credits: Credit[]): Promise<number> {
    if (credits.length === 0) return 0;
    const applied = await this.boards.applyMany(
      credits.map((c) => ({
        board: spreadBoard(c.campaignId),
        updates: [{ member: c.actorId, delta: toMicro(c.weight), at: c.occurredAt }],
        creditKey: c.spreadEventId,
      })),
    );
    const pipeline = this.redis.pipeline();
    for (const c of credits) pipeline.pfadd(reachKey(c.campaignId), c.actorId);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
    return applied.filter(Boolean).length;
  }

  /** Rebuilds the campaign's board and reach from its counted spread events, unless built. */
  async ensureBuilt(campaignId: string): Promise<void> {
    await this.boards.ensureBuilt(spreadBoard(campaignId), () => this.source(campaignId));
  }

  /** One page, best first; equal scores by earlier achievement, then smaller participant id. */
  async top(campaignId: string, offset: number, limit: number): Promise<BoardEntry[]> {
    await this.ensureBuilt(campaignId);
    const page = await this.boards.page(spreadBoard(campaignId), offset, limit);
    return page.map((p) => ({ participantId: p.member, score: fromMicro(p.score), achievedAt: p.at }));
  }

  async reach(campaignId: string): Promise<number> {
    await this.ensureBuilt(campaignId);
    return this.redis.pfcount(reachKey(campaignId));
  }

  // Every counted spread event as a credit guarded by its id: the rebuild applies the ones the
  // board lacks, as replaying them through creditMany would (libs/ranking), and swaps the board
  // in at once. Reach is refilled first, so it is whole once `built2` is set.
  private async source(campaignId: string): Promise<RebuildRow[]> {
    const events: { id: string; actor_id: string; weight: number; occurred_at: Date }[] = await this.db.query(
      `SELECT id, actor_id, weight, occurred_at FROM spread_event WHERE campaign_id = $1 AND status = 'counted'`,
      [campaignId],
    );
    const actors = [...new Set(events.map((e) => e.actor_id))];
    for (let i = 0; i < actors.length; i += 1000) await this.redis.pfadd(reachKey(campaignId), ...actors.slice(i, i + 1000));
    await this.redis.del(...legacyKeys(campaignId));
    return events.map((e) => ({ member: e.actor_id, delta: toMicro(e.weight), at: e.occurred_at, creditKey: e.id }));
  }
}
