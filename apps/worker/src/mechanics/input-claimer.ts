import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ActivityState } from '@lib/domain';
import { MechanicInput, MechanicRegistry, inputTypes } from '@lib/mechanics';
import { ActivityEntity, CampaignEntity, InboundEventEntity, NodeEntity } from '@lib/persistence';
import { LoadedActivity, MechanicContextLoader } from './mechanic-context.loader';
import { InputJob, InputRows, NewInput } from './input-rows';

const OPEN = [ActivityState.Invited, ActivityState.Expired];
// An activity already answered (or with an answer still being judged) is not claimed again.
const UNANSWERED = `a.completed_event_id IS NULL AND NOT EXISTS (SELECT 1 FROM mechanic_input x
  WHERE x.activity_id = a.id AND (x.state <> 'judged' OR x.accepted))`;

const inputOf = (e: Pick<InboundEventEntity, 'id' | 'type' | 'occurredAt' | 'channel' | 'data'>): MechanicInput => ({
  event: { id: e.id, type: e.type, occurredAt: e.occurredAt, channel: e.channel, data: e.data },
});

/**
 * Finds the activity an event answers when the event names none: a brand finds most posts
 * by their hashtag, not by a link. Both sides run under one lock per participant, so an
 * event routed before its activity opens is claimed when it opens, and one routed after
 * finds it: the router claims for new events, activation claims the earliest waiting one.
 */
@Injectable()
export class InputClaimer {
  constructor(
    private readonly registry: MechanicRegistry,
    private readonly loader: MechanicContextLoader,
    private readonly rows: InputRows,
  ) {}

  /** Router side, inside its transaction: the inputs to record for events naming no activity. */
  async claimForEvents(tx: EntityManager, workspaceId: string, events: InboundEventEntity[]): Promise<NewInput[]> {
    const claimable = events.filter((e) => this.registry.claimingKinds(e.type).length > 0);
    const out: NewInput[] = [];
    if (claimable.length === 0) return out;
    const participants = [...new Set(claimable.map((e) => e.participantId))];
    await this.lock(tx, workspaceId, participants);
    const kinds = [...new Set(claimable.flatMap((e) => this.registry.claimingKinds(e.type)))];
    const open = await this.openActivities(tx, workspaceId, participants, kinds);
    const taken = new Set<string>();
    const ordered = [...claimable].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id));
    for (const event of ordered) {
      const found = open.find((c) => c.activity.participantId === event.participantId && !taken.has(c.activity.id) && this.answers(c, event));
      if (!found) continue;
      taken.add(found.activity.id);
      out.push(this.inputFor(event, found.activity));
    }
    return out;
  }

  private inputFor(event: InboundEventEntity, activity: ActivityEntity): NewInput {
    const { campaignId, nodeId, id: activityId } = activity;
    return { ...InputRows.fromEvent(event), route: 'claim', ref: null, campaignId, nodeId, activityId, state: 'pending' };
  }

  /** Activation side, inside its transaction: the input for the earliest routed event waiting for this activity. */
  async claimForActivity(tx: EntityManager, loaded: LoadedActivity): Promise<InputJob | null> {
    const { activity, handler } = loaded;
    if (!handler.claims || !OPEN.includes(loaded.ctx.activity.state)) return null;
    await this.lock(tx, activity.workspaceId, [activity.participantId]);
    // A redelivered activation whose claimed answer is still being judged claims nothing more.
    const answered: unknown[] = await tx.query(`SELECT 1 FROM activity a WHERE a.id = $1 AND NOT (${UNANSWERED})`, [activity.id]);
    if (answered.length > 0) return null;
    const waiting = await tx
      .getRepository(InboundEventEntity)
      .createQueryBuilder('e')
      .where('e.workspace_id = :ws AND e.participant_id = :p AND e.type IN (:...types)', { ws: activity.workspaceId, p: activity.participantId, types: inputTypes(handler, 'claim') })
      .andWhere('NOT EXISTS (SELECT 1 FROM mechanic_input m WHERE m.event_id = e.id) AND e.processed_at IS NOT NULL AND e.occurred_at >= :since', { since: activity.triggeredAt })
      .orderBy('e.occurred_at')
      .addOrderBy('e.id')
      .take(1000)
      .getMany();
    const event = waiting.find((e) => this.answers(loaded, e));
    if (!event) return null;
    const [created] = await this.rows.insert(tx, [this.inputFor(event, activity)]);
    return created ?? null;
  }

  private answers(candidate: LoadedActivity, event: InboundEventEntity): boolean {
    const { handler, ctx } = candidate;
    return inputTypes(handler, 'claim').includes(event.type) && handler.claims!(ctx, inputOf(event));
  }

  private async openActivities(tx: EntityManager, workspaceId: string, participants: string[], kinds: string[]): Promise<LoadedActivity[]> {
    const activities = await tx
      .getRepository(ActivityEntity)
      .createQueryBuilder('a')
      .innerJoin(NodeEntity, 'n', 'n.id = a.node_id')
      .where('a.workspace_id = :ws AND a.participant_id IN (:...ps) AND a.state IN (:...open) AND n.mechanic_kind IN (:...kinds)', { ws: workspaceId, ps: participants, open: OPEN, kinds })
      .andWhere(UNANSWERED)
      .orderBy('a.triggered_at')
      .addOrderBy('a.id')
      .getMany();
    if (activities.length === 0) return [];
    const nodes = new Map((await tx.getRepository(NodeEntity).findBy({ id: In([...new Set(activities.map((a) => a.nodeId))]) })).map((n) => [n.id, n]));
    const campaigns = new Map((await tx.getRepository(CampaignEntity).findBy({ id: In([...new Set(activities.map((a) => a.campaignId))]) })).map((c) => [c.id, c]));
    return activities.map((a) => this.loader.snapshot(a, nodes.get(a.nodeId)!, campaigns.get(a.campaignId)!));
  }

  private async lock(tx: EntityManager, workspaceId: string, participantIds: string[]): Promise<void> {
    const keys = [...new Set(participantIds)].sort();
    // Sorted in a subquery so concurrent transactions take these locks in the same order.
    await tx.query(`SELECT count(pg_advisory_xact_lock(hashtext($1 || k))) FROM (SELECT k FROM unnest($2::text[]) AS k ORDER BY k) s`, [`claim:${workspaceId}:`, keys]);
  }
}
