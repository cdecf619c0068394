import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ActivityEntity, InboundEventEntity, RouteDecision } from '@lib/persistence';
import { JobProducer } from '@lib/queue';
import { NodeEvaluator, NodeVerdict, reentryDecision, spreadKindOf } from '@lib/routing';
import { Addressed, InputAddresser } from '../mechanics/input-addresser';
import { PurchaseCodes } from './purchase-codes';

/**
 * The event router: records a verdict per candidate node, creates one activity per
 * node × participant × re-entry key (a unique constraint, so a replay creates nothing),
 * attributes answers that name no activity (a post found by its topic), then hands
 * activities to their mechanic and spread events to scoring. Works on a batch: events that
 * trigger no node (most reposts) cost one statement for the whole batch. Safe to re-run:
 * recorded verdicts stand, only the idempotent hand-offs repeat.
 */
@Injectable()
export class EventRouter {
  constructor(
    private readonly db: DataSource,
    private readonly evaluator: NodeEvaluator,
    private readonly producer: JobProducer,
    private readonly addresser: InputAddresser,
    private readonly purchases: PurchaseCodes,
  ) {}

  async route(workspaceId: string, eventIds: string[]): Promise<void> {
    const events = await this.db.getRepository(InboundEventEntity).findBy({ workspaceId, id: In(eventIds) });
    // Before anything marks them processed, so a failure here leaves them owed.
    await this.purchases.consume(workspaceId, events);
    const addressed: Addressed = { toJudge: [], toAnalyse: [] };
    const decisions = await this.decide(workspaceId, events, addressed);
    await this.handOff(workspaceId, events, decisions, addressed);
  }

  private async decide(workspaceId: string, events: InboundEventEntity[], addressed: Addressed): Promise<Map<string, RouteDecision[]>> {
    const decisions = new Map<string, RouteDecision[]>();
    const fresh: InboundEventEntity[] = [];
    for (const e of events) (e.decisions ? decisions.set(e.id, e.decisions) : fresh.push(e));
    const verdicts = await this.evaluator.evaluateMany(fresh);
    const untouched = fresh.filter((e) => verdicts.get(e.id)!.length === 0);
    // Claims and the processed mark commit together (under the claim lock), so a post is
    // either claimed here or visible, processed, to the activation that claims it later.
    if (untouched.length > 0) {
      await this.db.transaction(async (tx) => {
        await this.claim(tx, workspaceId, untouched, addressed);
        await tx.query(`UPDATE inbound_event SET decisions = '[]', processed_at = coalesce(processed_at, now()) WHERE id = ANY($1)`, [untouched.map((e) => e.id)]);
      });
    }
    for (const e of untouched) decisions.set(e.id, []);
    for (const event of fresh.filter((e) => verdicts.get(e.id)!.length > 0)) {
      decisions.set(event.id, await this.enter(event, verdicts.get(event.id)!, addressed));
    }
    return decisions;
  }

  /** One transaction per event that meets nodes: its activities and verdicts commit together. */
  private enter(event: InboundEventEntity, verdicts: NodeVerdict[], addressed: Addressed): Promise<RouteDecision[]> {
    return this.db.transaction(async (tx) => {
      await this.claim(tx, event.workspaceId, [event], addressed);
      const out: RouteDecision[] = [];
      for (const verdict of verdicts) out.push(await this.decideOne(tx, event, verdict));
      await tx.update(InboundEventEntity, { id: event.id }, { decisions: out, processedAt: event.processedAt ?? new Date() });
      return out;
    });
  }

  /** Addresses events to the activities and nodes they answer (inputs commit with the processed mark). */
  private async claim(tx: EntityManager, workspaceId: string, events: InboundEventEntity[], addressed: Addressed): Promise<void> {
    const found = await this.addresser.address(tx, workspaceId, events);
    addressed.toJudge.push(...found.toJudge);
    addressed.toAnalyse.push(...found.toAnalyse);
  }

  private async decideOne(tx: EntityManager, event: InboundEventEntity, verdict: NodeVerdict): Promise<RouteDecision> {
    const ids = { nodeId: verdict.node.id, campaignId: verdict.campaign.id };
    if (!verdict.match.matched) return { ...ids, ...verdict.match };
    const key = verdict.match.reentryKey;
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO activity (workspace_id, campaign_id, node_id, participant_id, trigger_event_id, reentry_key, triggered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (node_id, participant_id, reentry_key) DO NOTHING RETURNING id`,
      [event.workspaceId, verdict.campaign.id, verdict.node.id, event.participantId, event.id, key, event.occurredAt],
    );
    if (inserted.length > 0) return { ...ids, ...verdict.match, activityId: inserted[0].id };
    const holder = await tx.getRepository(ActivityEntity).findOneByOrFail({ nodeId: verdict.node.id, participantId: event.participantId, reentryKey: key });
    return reentryDecision(ids, verdict.match, verdict.node, event.id, holder);
  }

  private async handOff(workspaceId: string, events: InboundEventEntity[], decisions: Map<string, RouteDecision[]>, addressed: Addressed): Promise<void> {
    const activityIds = [...decisions.values()].flat().flatMap((d) => (d.matched && d.activityId ? [d.activityId] : []));
    await this.producer.enqueueMany('mechanic.node-activated', activityIds.map((activityId) => ({ workspaceId, activityId })));
    await this.producer.enqueueMany('mechanic.analyse', addressed.toAnalyse.map((i) => ({ workspaceId, inputId: i.id })));
    await this.producer.enqueueMany('mechanic.input', addressed.toJudge.map((i) => ({ workspaceId, inputId: i.id, revision: i.revision })));
    // Answers reach scoring after their mechanic's verdict instead (inputs still being judged).
    const judging = await this.unjudged(events.map((e) => e.id));
    const spread = events.filter((e) => !judging.has(e.id) && spreadKindOf(e.type)).map((e) => e.id);
    await this.producer.enqueueForEvents('score', workspaceId, spread);
  }

  private async unjudged(eventIds: string[]): Promise<Set<string>> {
    const rows: { event_id: string }[] = await this.db.query(`SELECT event_id FROM mechanic_input WHERE event_id = ANY($1) AND state IN ('pending', 'analysing')`, [eventIds]);
    return new Set(rows.map((r) => r.event_id));
  }
}
