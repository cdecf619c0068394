import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCodes, MechanicKind, kFactors } from '@lib/domain';
import { campaignSpend } from '@lib/ledger';
import { CampaignEntity } from '@lib/persistence';
import { LeaderboardStore } from '../spread/leaderboard.store';
import { campaignFollowFigures, workspaceNotCounted } from './follow-figures';

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Campaign outcomes. Counts come exactly from Postgres (the system of record); the
 * leaderboard and the HyperLogLog reach come from Redis, rebuilt from Postgres if lost.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: DataSource,
    private readonly board: LeaderboardStore,
  ) {}

  async campaign(workspaceId: string, id: string): Promise<CampaignEntity> {
    const campaign = await this.db.getRepository(CampaignEntity).findOneBy({ id, workspaceId });
    if (!campaign) throw new DomainError(ErrorCodes.CAMPAIGN_NOT_FOUND, `campaign ${id} not found`, 'not_found');
    return campaign;
  }

  async outcomes(workspaceId: string, id: string) {
    const campaign = await this.campaign(workspaceId, id);
    const q = (sql: string) => this.db.query(sql, [id]);
    const [activities, spread, channels, firstDepths, participants, rejected, messages, referralRefusals] = await Promise.all([
      q(`SELECT state, count(*)::int AS n FROM activity WHERE campaign_id = $1 GROUP BY state`),
      q(`SELECT count(*) FILTER (WHERE kind = 'post')::int AS posts, count(*) FILTER (WHERE kind = 'repost')::int AS reposts,
                count(*) FILTER (WHERE kind = 'follow')::int AS follows, count(*) FILTER (WHERE kind = 'referral')::int AS referrals,
                count(DISTINCT actor_id)::int AS reach, coalesce(max(depth), 0)::int AS max_depth,
                coalesce(sum(round(weight * 1e6)), 0)::bigint AS micro
         FROM spread_event WHERE campaign_id = $1 AND status = 'counted'`),
      q(`SELECT channel, count(*)::int AS events, coalesce(sum(round(weight * 1e6)), 0)::bigint AS micro
         FROM spread_event WHERE campaign_id = $1 AND status = 'counted' GROUP BY channel ORDER BY channel`),
      q(`SELECT d AS depth, count(*)::int AS n FROM
           (SELECT actor_id, min(depth) AS d FROM spread_event WHERE campaign_id = $1 AND status = 'counted' GROUP BY actor_id) f
         GROUP BY d`),
      q(`SELECT count(*)::int AS n FROM (SELECT participant_id FROM activity WHERE campaign_id = $1
           UNION SELECT actor_id FROM spread_event WHERE campaign_id = $1 AND status = 'counted') p`),
      q(`SELECT reason, count(*)::int AS n FROM spread_event WHERE campaign_id = $1 AND status <> 'counted' GROUP BY reason ORDER BY reason`),
      q(`SELECT status, count(*)::int AS n FROM outbound_message WHERE campaign_id = $1 GROUP BY status`),
      // Sign-ups a referral node did not attribute, by the mechanic's reason (explain shows each).
      q(`SELECT m.reason, count(*)::int AS n FROM mechanic_input m JOIN node n ON n.id = m.node_id
         WHERE m.campaign_id = $1 AND n.mechanic_kind = '${MechanicKind.Referral}' AND m.event_type = 'signup' AND m.reason IS NOT NULL GROUP BY m.reason ORDER BY m.reason`),
    ]);
    const s = spread[0];
    const follows = await campaignFollowFigures(this.db, id);
    const spend = await campaignSpend(this.db, workspaceId, id);
    const participantCount = num(participants[0]?.n);
    const notCounted = Object.fromEntries(rejected.map((r: { reason: string; n: number }) => [r.reason, num(r.n)]));
    if (follows.alreadyFollowing > 0) notCounted.ALREADY_FOLLOWING = follows.alreadyFollowing;
    const k = kFactors(new Map(firstDepths.map((r: { depth: number; n: number }) => [num(r.depth), num(r.n)])));
    return {
      campaignId: campaign.id,
      name: campaign.name,
      status: campaign.status,
      participants: participantCount,
      activities: Object.fromEntries(activities.map((r: { state: string; n: number }) => [r.state, num(r.n)])),
      posts: num(s.posts),
      reposts: num(s.reposts),
      // Unique people newly following the brand, attributed to this campaign (see follow-figures.ts).
      newFollowers: follows.newFollowers,
      followEvents: num(s.follows),
      referrals: num(s.referrals),
      uniqueReach: await this.board.reach(campaign.id),
      uniqueReachExact: num(s.reach),
      maxCascadeDepth: num(s.max_depth),
      totalScore: num(s.micro) / 1e6,
      kFactor: k.overall,
      generations: k.byGeneration,
      perChannel: channels.map((r: { channel: string; events: number; micro: string }) => ({
        channel: r.channel,
        events: num(r.events),
        score: num(r.micro) / 1e6,
      })),
      rejectedSpread: notCounted,
      referralRefusals: Object.fromEntries(referralRefusals.map((r: { reason: string; n: number }) => [r.reason, num(r.n)])),
      messages: Object.fromEntries(messages.map((r: { status: string; n: number }) => [r.status, num(r.n)])),
      // Committed reward spend (every kind, from the ledger) over the participants above.
      spend: { ...spend, costPerParticipantMinor: participantCount > 0 ? Math.round((spend.committedMinor / participantCount) * 100) / 100 : null },
      topSpreaders: await this.leaderboard(workspaceId, campaign.id, 0, 10, campaign),
    };
  }

  /** What the workspace received that no campaign counts, and why (posts with no invitation, unattributed follows). */
  async workspace(workspaceId: string) {
    return { notCounted: await workspaceNotCounted(this.db, workspaceId) };
  }

  async leaderboard(workspaceId: string, id: string, offset: number, limit: number, known?: CampaignEntity) {
    const campaign = known ?? (await this.campaign(workspaceId, id));
    const top = await this.board.top(campaign.id, offset, limit);
    if (top.length === 0) return [];
    // Redis holds internal ids only; external ids are looked up here, never stored there.
    const rows: { id: string; external_id: string }[] = await this.db.query(
      'SELECT id, external_id FROM participant WHERE workspace_id = $1 AND id = ANY($2)',
      [workspaceId, top.map((t) => t.participantId)],
    );
    const ext = new Map(rows.map((r) => [r.id, r.external_id]));
    return top.map((t, i) => ({
      rank: offset + i + 1,
      participantId: ext.get(t.participantId) ?? null,
      score: t.score,
      achievedAt: t.achievedAt.toISOString(),
    }));
  }
}
