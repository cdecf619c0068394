import { EntityManager } from 'typeorm';
import { livenessAt, parsePauses } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, SpreadEventEntity, WorkspaceEntity } from '@lib/persistence';

export const DEFAULT_BRAND_ACCOUNT = 'brand';

/**
 * Follows within one recording transaction. Every follow is of one of the brand's accounts
 * (`data.followerOf`, else the workspace's first brand account). The person's earliest follow
 * of an account (business time, then event id) makes them a follower; it counts as a new
 * follower for the campaigns it is attributed to: the campaign of the post it names, or,
 * naming none, every campaign running at the time. Later follows are ALREADY_FOLLOWING at read
 * time, so arrival order never changes who is new.
 */
export class FollowBook {
  private campaigns: Promise<CampaignEntity[]> | null = null;
  private accounts: Promise<string[]> | null = null;
  private readonly follows = new Map<string, { account: string; participantId: string; eventId: string; at: Date }>();
  private readonly attributions: { eventId: string; campaignId: string }[] = [];

  constructor(
    private readonly tx: EntityManager,
    private readonly workspaceId: string,
  ) {}

  /** The account a follow names, or null when it names one that is not the brand's. */
  async accountOf(event: InboundEventEntity): Promise<string | null> {
    const brand = await this.brandAccounts();
    const named = typeof event.data.followerOf === 'string' && event.data.followerOf.length > 0 ? event.data.followerOf : null;
    if (named === null) return brand[0] ?? DEFAULT_BRAND_ACCOUNT;
    return brand.length === 0 || brand.includes(named) ? named : null;
  }

  /** Campaigns running at `at` in this workspace (status history included). */
  async runningAt(at: Date): Promise<string[]> {
    this.campaigns ??= this.tx.getRepository(CampaignEntity).find({ where: { workspaceId: this.workspaceId } });
    const all = await this.campaigns;
    return all.filter((c) => livenessAt({ ...c, pauses: parsePauses(c.pauses) }, at) === 'live').map((c) => c.id);
  }

  noteFollow(account: string, event: InboundEventEntity): void {
    const key = `${account}\u0000${event.participantId}`;
    const current = this.follows.get(key);
    const mine = { account, participantId: event.participantId, eventId: event.id, at: event.occurredAt };
    if (!current || earlier(mine, current)) this.follows.set(key, mine);
  }

  attribute(eventId: string, campaignIds: string[]): void {
    for (const campaignId of campaignIds) this.attributions.push({ eventId, campaignId });
  }

  /** Counted cascade follows count for their post's campaign. */
  attributeCounted(rows: SpreadEventEntity[]): void {
    for (const r of rows) if (r.kind === 'follow' && r.status === 'counted' && r.campaignId) this.attribute(r.inboundEventId, [r.campaignId]);
  }

  async flush(): Promise<void> {
    const f = [...this.follows.values()];
    if (f.length > 0) {
      await this.tx.query(
        `INSERT INTO follower (workspace_id, account, participant_id, inbound_event_id, followed_at)
         SELECT $1::uuid, * FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::timestamptz[]) ORDER BY 1, 2
         ON CONFLICT (workspace_id, account, participant_id) DO UPDATE
           SET inbound_event_id = EXCLUDED.inbound_event_id, followed_at = EXCLUDED.followed_at
           WHERE (EXCLUDED.followed_at, EXCLUDED.inbound_event_id) < (follower.followed_at, follower.inbound_event_id)`,
        [this.workspaceId, f.map((x) => x.account), f.map((x) => x.participantId), f.map((x) => x.eventId), f.map((x) => x.at)],
      );
    }
    const a = this.attributions;
    if (a.length > 0) {
      await this.tx.query(
        `INSERT INTO follow_attribution (inbound_event_id, campaign_id, workspace_id)
         SELECT *, $1::uuid FROM unnest($2::uuid[], $3::uuid[]) ON CONFLICT DO NOTHING`,
        [this.workspaceId, a.map((x) => x.eventId), a.map((x) => x.campaignId)],
      );
    }
  }

  private brandAccounts(): Promise<string[]> {
    this.accounts ??= this.tx.getRepository(WorkspaceEntity).findOneBy({ id: this.workspaceId }).then((w) => w?.brandAccounts ?? []);
    return this.accounts;
  }
}

const earlier = (a: { at: Date; eventId: string }, b: { at: Date; eventId: string }) =>
  a.at.getTime() < b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.eventId < b.eventId);
