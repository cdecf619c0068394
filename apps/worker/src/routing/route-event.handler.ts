import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ActivityEntity, InboundEventEntity, RouteDecision } from '@lib/persistence';
import { EventReceivedV1, JobHandler, JobProducer } from '@lib/queue';
import { NodeEvaluator, NodeVerdict, spreadKindOf } from '@lib/routing';

/**
 * The event router: records a verdict per candidate node, creates one activity per
 * node × participant × re-entry key (a unique constraint, so a replay creates nothing),
 * then hands activities to their mechanic and spread events to scoring. Safe to re-run.
 */
@Injectable()
export class RouteEventHandler implements JobHandler<'event.received'> {
  constructor(
    private readonly db: DataSource,
    private readonly evaluator: NodeEvaluator,
    private readonly producer: JobProducer,
  ) {}

  async handle(data: EventReceivedV1): Promise<void> {
    const event = await this.db.getRepository(InboundEventEntity).findOneBy({ id: data.eventId, workspaceId: data.workspaceId });
    if (!event) return; // deleted with its workspace: nothing to do
    // A redelivery after the commit repeats only the hand-offs: the recorded verdicts stand,
    // so explain never disagrees with the activities that exist.
    const decisions = event.decisions ?? (await this.recordDecisions(event, await this.evaluator.evaluate(event)));
    const entered = decisions.filter((d) => d.matched && d.activityId);
    await this.producer.enqueueMany(
      'mechanic.node-activated',
      entered.map((d) => ({ workspaceId: event.workspaceId, activityId: d.activityId! })),
    );
    if (event.addressedActivityId) {
      await this.producer.enqueue('mechanic.input-received', {
        workspaceId: event.workspaceId,
        activityId: event.addressedActivityId,
        eventId: event.id,
      });
    } else if (spreadKindOf(event.type)) {
      await this.producer.enqueue('scoring.record-spread', { workspaceId: event.workspaceId, eventId: event.id });
    }
  }

  private async recordDecisions(event: InboundEventEntity, verdicts: NodeVerdict[]): Promise<RouteDecision[]> {
    if (verdicts.length === 0) {
      // Most spread events (reposts, follows) trigger no node: one statement, no transaction.
      await this.db.query(`UPDATE inbound_event SET decisions = '[]', processed_at = coalesce(processed_at, now()) WHERE id = $1`, [event.id]);
      return [];
    }
    return this.db.transaction(async (tx) => {
      const out: RouteDecision[] = [];
      for (const verdict of verdicts) out.push(await this.decide(tx, event, verdict));
      await tx.update(InboundEventEntity, { id: event.id }, { decisions: out, processedAt: event.processedAt ?? new Date() });
      return out;
    });
  }

  private async decide(tx: EntityManager, event: InboundEventEntity, verdict: NodeVerdict): Promise<RouteDecision> {
    const ids = { nodeId: verdict.node.id, campaignId: verdict.campaign.id };
    if (!verdict.match.matched) return { ...ids, ...verdict.match };
    const key = verdict.match.reentryKey;
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO activity (workspace_id, campaign_id, node_id, participant_id, trigger_event_id, reentry_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (node_id, participant_id, reentry_key) DO NOTHING RETURNING id`,
      [event.workspaceId, verdict.campaign.id, verdict.node.id, event.participantId, event.id, key],
    );
    if (inserted.length > 0) return { ...ids, ...verdict.match, activityId: inserted[0].id };
    const existing = await tx.getRepository(ActivityEntity).findOneByOrFail({ nodeId: verdict.node.id, participantId: event.participantId, reentryKey: key });
    // Same trigger event: this is a redelivery of a job that already entered the node.
    if (existing.triggerEventId === event.id) return { ...ids, ...verdict.match, activityId: existing.id };
    return {
      ...ids,
      matched: false,
      reason: 'REENTRY_BLOCKED',
      detail: `re-entry rule '${verdict.node.reentry}' already used by activity ${existing.id}`,
    };
  }
}
