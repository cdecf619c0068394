import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ActivityEntity, InboundEventEntity, MechanicInputResult } from '@lib/persistence';
import { DeadlineReachedV1, JobHandler, MechanicInputV1, NodeActivatedV1 } from '@lib/queue';
import { AfterCommit, NOTHING_AFTER, OutcomeApplier } from './outcome-applier';
import { MechanicContextLoader } from './mechanic-context.loader';
import { InputClaimer } from './input-claimer';

/**
 * node entered → activate. Row lock + state check make a redelivered job a no-op. An opened
 * activity then claims the earliest routed event already waiting for it (a post that carried
 * the topic before the purchase was processed).
 */
@Injectable()
export class ActivateHandler implements JobHandler<'mechanic.node-activated'> {
  constructor(
    private readonly db: DataSource,
    private readonly loader: MechanicContextLoader,
    private readonly applier: OutcomeApplier,
    private readonly claimer: InputClaimer,
  ) {}

  async handle(data: NodeActivatedV1): Promise<void> {
    const after = await this.db.transaction(async (tx) => {
      const loaded = await this.loader.load(tx, data.workspaceId, data.activityId);
      if (!loaded) return null;
      const outcome = loaded.handler.activate(loaded.ctx);
      const after = await this.applier.apply(tx, loaded, outcome);
      const opened = { ...loaded.ctx.activity, state: outcome.state, result: outcome.result, deadlineAt: after.deadline ?? loaded.activity.deadlineAt };
      const claimed = await this.claimer.claimForActivity(tx, { ...loaded, ctx: { ...loaded.ctx, activity: opened } });
      return claimed ? { ...after, inputs: [{ activityId: data.activityId, eventId: claimed }] } : after;
    });
    if (after) await this.applier.afterCommit(data.workspaceId, data.activityId, after);
  }
}

/**
 * An event answering an activity (a post). The verdict is stored on the event once; a
 * redelivery finds it and only repeats the (idempotent) hand-off to scoring.
 */
@Injectable()
export class InputHandler implements JobHandler<'mechanic.input-received'> {
  constructor(
    private readonly db: DataSource,
    private readonly loader: MechanicContextLoader,
    private readonly applier: OutcomeApplier,
  ) {}

  async handle(data: MechanicInputV1): Promise<void> {
    const after = await this.db.transaction(async (tx): Promise<AfterCommit> => {
      const event = await tx.getRepository(InboundEventEntity).findOne({
        where: { id: data.eventId, workspaceId: data.workspaceId },
        lock: { mode: 'pessimistic_write' },
      });
      const none: AfterCommit = NOTHING_AFTER;
      if (!event || event.mechanicResult) return none;
      const loaded = await this.loader.load(tx, data.workspaceId, data.activityId);
      // scored_at cleared: the verdict is owed to scoring again (a waiting post is re-judged there).
      const record = (result: MechanicInputResult) =>
        tx.update(InboundEventEntity, { id: event.id }, { mechanicResult: result, scoredAt: null } as QueryDeepPartialEntity<InboundEventEntity>);
      if (!loaded || loaded.activity.participantId !== event.participantId) {
        // An invitation id that does not exist, or belongs to someone else, earns nothing.
        await record({ activityId: data.activityId, campaignId: loaded?.activity.campaignId ?? '', accepted: false, reason: 'UNKNOWN_INVITATION' });
        return none;
      }
      if (!loaded.handler.inputEventTypes.includes(event.type)) {
        await record({ activityId: loaded.activity.id, campaignId: loaded.campaign.id, accepted: false, reason: 'NOT_AN_INPUT_OF_MECHANIC' });
        return none;
      }
      const outcome = loaded.handler.handle(loaded.ctx, {
        event: { id: event.id, type: event.type, occurredAt: event.occurredAt, channel: event.channel, data: event.data },
      });
      const verdict = outcome.verdict ?? { accepted: true };
      await record({ activityId: loaded.activity.id, campaignId: loaded.campaign.id, accepted: verdict.accepted, reason: verdict.reason, channel: verdict.channel });
      if (verdict.accepted) await tx.update(ActivityEntity, { id: loaded.activity.id }, { completedEventId: event.id });
      return this.applier.apply(tx, loaded, outcome);
    });
    // Rejected answers are recorded by scoring too, so "why not counted" has one place to look.
    await this.applier.afterCommit(data.workspaceId, data.activityId, after, data.eventId);
  }
}

@Injectable()
export class DeadlineHandler implements JobHandler<'mechanic.deadline-reached'> {
  constructor(
    private readonly db: DataSource,
    private readonly loader: MechanicContextLoader,
    private readonly applier: OutcomeApplier,
  ) {}

  async handle(data: DeadlineReachedV1): Promise<void> {
    await this.db.transaction(async (tx) => {
      const loaded = await this.loader.load(tx, data.workspaceId, data.activityId);
      if (!loaded || !loaded.activity.deadlineAt || loaded.activity.deadlineAt > new Date()) return;
      const outcome = loaded.handler.expire(loaded.ctx);
      if (outcome) await this.applier.apply(tx, loaded, outcome);
    });
  }
}
