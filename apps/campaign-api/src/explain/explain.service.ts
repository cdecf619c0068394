import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DomainError, ErrorCodes, RolloutThreshold } from '@lib/domain';
import { ActivityEntity, FollowAttributionEntity, FollowerEntity, InboundEventEntity, MechanicInputEntity, RouteDecision, SpreadEventEntity } from '@lib/persistence';
import { NodeEvaluator, reentryDecision, routableCampaignSql } from '@lib/routing';

export interface NodeExplanation {
  nodeId: string;
  nodeName: string;
  campaignId: string;
  matched: boolean;
  activityId?: string;
  /** Where the activity stands now (e.g. expired with DEADLINE_PASSED_BEFORE_INVITATION). */
  activity?: { state: string; reason: string | null; deadlineAt: Date | null };
  reason?: string;
  detail?: string;
  /** RING_NOT_OPEN_YET: when the participant's ring opens (null while only its threshold can open it). */
  opensAt?: string | null;
  threshold?: RolloutThreshold | null;
}

/**
 * "Why did (or didn't) this event enter?" For processed events the verdicts are the ones the
 * router recorded; before processing they are a preview computed the same way, re-entry
 * included. Live nodes the event never reached are listed with the reason too.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly db: DataSource,
    private readonly evaluator: NodeEvaluator,
  ) {}

  async explain(workspaceId: string, eventId: string) {
    const event = await this.db.getRepository(InboundEventEntity).findOneBy({ id: eventId, workspaceId });
    if (!event) throw new DomainError(ErrorCodes.EVENT_NOT_FOUND, `event ${eventId} not found`, 'not_found');
    const decisions = event.decisions ?? (await this.preview(event));
    const names = await this.nodeNames(workspaceId, decisions.map((d) => d.nodeId));
    const activities = await this.activities(decisions.flatMap((d) => (d.matched && d.activityId ? [d.activityId] : [])));
    const decided: NodeExplanation[] = decisions.map((d) => ({
      nodeId: d.nodeId,
      nodeName: names.get(d.nodeId)?.name ?? '(deleted node)',
      campaignId: d.campaignId,
      matched: d.matched,
      activityId: d.activityId,
      activity: d.activityId ? activities.get(d.activityId) : undefined,
      ...(d.matched ? {} : { reason: d.reason, detail: d.detail }),
      ...(!d.matched && d.reason === 'RING_NOT_OPEN_YET' ? { opensAt: d.opensAt ?? null, threshold: d.threshold ?? null } : {}),
    }));
    const covered = new Set(decided.map((d) => d.nodeId));
    const others = [...names.entries()]
      .filter(([id, n]) => !covered.has(id) && n.live)
      .map(([id, n]) => ({
        nodeId: id,
        nodeName: n.name,
        campaignId: n.campaignId,
        matched: false,
        ...(n.type === event.type
          ? { reason: 'NOT_EVALUATED', detail: 'the node was created after this event was routed' }
          : { reason: 'EVENT_TYPE_MISMATCH', detail: `node triggers on '${n.type}', event is '${event.type}'` }),
      }));
    const spread = await this.db.getRepository(SpreadEventEntity).findOneBy({ inboundEventId: event.id });
    const inputs = await this.db.getRepository(MechanicInputEntity).find({ where: { eventId: event.id, workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const inputView = (m: MechanicInputEntity) => ({
      inputId: m.id,
      route: m.route,
      campaignId: m.campaignId,
      nodeId: m.nodeId,
      activityId: m.activityId,
      ref: m.ref,
      state: m.state,
      ...(m.state === 'judged' ? { accepted: m.accepted } : { pending: true }),
      reason: m.reason,
      detail: m.detail,
      analysis: m.analysis,
    });
    return {
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      processed: event.processedAt !== null,
      basis: event.decisions ? 'recorded' : 'preview',
      nodes: [...decided, ...others],
      // The first input (a post has one); every node it reached is in mechanicInputs.
      mechanicInput: inputs[0] ? inputView(inputs[0]) : null,
      mechanicInputs: inputs.map(inputView),
      spread: spread
        ? { spreadEventId: spread.id, status: spread.status, reason: spread.reason, depth: spread.depth, weight: spread.weight, campaignId: spread.campaignId }
        : null,
      follow: spread?.kind === 'follow' && spread.account ? await this.follow(workspaceId, event, spread.account) : null,
    };
  }

  /** What the router would decide now, including the re-entry rule it enforces by unique key. */
  private async preview(event: InboundEventEntity): Promise<RouteDecision[]> {
    const out: RouteDecision[] = [];
    for (const { node, campaign, match } of await this.evaluator.evaluate(event)) {
      const ids = { nodeId: node.id, campaignId: campaign.id };
      if (!match.matched) {
        out.push({ ...ids, ...match });
        continue;
      }
      const holder = await this.db
        .getRepository(ActivityEntity)
        .findOneBy({ nodeId: node.id, participantId: event.participantId, reentryKey: match.reentryKey });
      out.push(reentryDecision(ids, match, node, event.id, holder));
    }
    return out;
  }

  /** Whether this follow made the person a new follower of the account, and where it counts. */
  private async follow(workspaceId: string, event: InboundEventEntity, account: string) {
    const [holder] = await this.db.getRepository(FollowerEntity).findBy({ workspaceId, account, participantId: event.participantId });
    const campaigns = await this.db.getRepository(FollowAttributionEntity).findBy({ inboundEventId: event.id });
    const newFollower = holder?.inboundEventId === event.id;
    return { account, newFollower, ...(newFollower ? {} : { reason: 'ALREADY_FOLLOWING', since: holder?.followedAt ?? null }), campaignIds: campaigns.map((c) => c.campaignId) };
  }

  private async activities(ids: string[]) {
    const rows = ids.length ? await this.db.getRepository(ActivityEntity).findBy({ id: In(ids) }) : [];
    return new Map(rows.map((a) => [a.id, { state: a.state, reason: a.reason, deadlineAt: a.deadlineAt }]));
  }

  /** Names of the decided nodes (whatever their campaign's state) and of every routable node. */
  private async nodeNames(workspaceId: string, decidedIds: string[]) {
    const rows: { id: string; name: string; campaign_id: string; trigger_event_type: string; routable: boolean }[] = await this.db.query(
      `SELECT n.id, n.name, n.campaign_id, n.trigger_event_type, ${routableCampaignSql('now()')} AS routable
       FROM node n JOIN campaign c ON c.id = n.campaign_id
       WHERE n.workspace_id = $1 AND (${routableCampaignSql('now()')} OR n.id = ANY($2::uuid[]))`,
      [workspaceId, decidedIds],
    );
    return new Map(rows.map((n) => [n.id, { name: n.name, campaignId: n.campaign_id, type: n.trigger_event_type, live: n.routable }]));
  }
}
