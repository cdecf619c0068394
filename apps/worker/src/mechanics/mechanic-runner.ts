import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { inputTypes } from '@lib/mechanics';
import { ActivityEntity, InboundEventEntity, MechanicInputEntity } from '@lib/persistence';
import { DeadlineReachedV1, JobHandler, MechanicInputV1, MechanicInputV2, NodeActivatedV1 } from '@lib/queue';
import { spreadKindOf } from '@lib/routing';
import { AfterCommit, OutcomeApplier, nothingAfter } from './outcome-applier';
import { MechanicContextLoader } from './mechanic-context.loader';
import { InputClaimer } from './input-claimer';
import { InputRows } from './input-rows';
import { NodeInputRunner } from './node-input-runner';

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
      const opened = { ...loaded.ctx.activity, state: outcome.state, result: outcome.result, deadlineAt: after.deadline?.at ?? loaded.activity.deadlineAt };
      const claimed = await this.claimer.claimForActivity(tx, { ...loaded, ctx: { ...loaded.ctx, activity: opened } });
      return claimed ? { ...after, inputs: [claimed] } : after;
    });
    if (after) await this.applier.afterCommit(data.workspaceId, after);
  }
}

/**
 * A mechanic input (mechanic_input row): an event answering an activity (a post) or addressed
 * to a node (an entry, a vote). The verdict is stored on the input once; a redelivery finds it
 * judged and does nothing. Spread events go to scoring after their verdict, rejected or not,
 * so "why not counted" has one place to look.
 */
@Injectable()
export class InputHandler implements JobHandler<'mechanic.input'> {
  constructor(
    private readonly db: DataSource,
    private readonly loader: MechanicContextLoader,
    private readonly applier: OutcomeApplier,
    private readonly rows: InputRows,
    private readonly nodeRunner: NodeInputRunner,
  ) {}

  async handle(data: MechanicInputV2): Promise<void> {
    const peek = await this.db.getRepository(MechanicInputEntity).findOneBy({ id: data.inputId, workspaceId: data.workspaceId });
    if (!peek || peek.state !== 'pending') return;
    const after = peek.activityId
      ? await this.db.transaction((tx) => this.activityInput(tx, data))
      : await this.nodeRunner.judge(data.workspaceId, peek);
    if (after) await this.applier.afterCommit(data.workspaceId, after);
  }

  private async activityInput(tx: EntityManager, data: MechanicInputV2): Promise<AfterCommit | null> {
    const input = await this.rows.lock(tx, data.workspaceId, data.inputId);
    if (!input || input.state !== 'pending' || !input.activityId) return null;
    const event = await tx.getRepository(InboundEventEntity).findOneByOrFail({ id: input.eventId, workspaceId: data.workspaceId });
    const scored = spreadKindOf(event.type) ? [{ eventId: event.id, revision: input.revision }] : [];
    const loaded = await this.loader.load(tx, data.workspaceId, input.activityId);
    const reject = async (reason: string) => {
      await this.rows.verdict(tx, input.id, { state: 'judged', accepted: false, reason });
      return { ...nothingAfter(), scored };
    };
    // An invitation id that belongs to someone else earns nothing.
    if (!loaded || loaded.activity.participantId !== event.participantId) return reject('UNKNOWN_INVITATION');
    const { handler } = loaded;
    if (!handler.handle || !inputTypes(handler, 'invitation', 'claim').includes(event.type)) return reject('NOT_AN_INPUT_OF_MECHANIC');
    const outcome = handler.handle(loaded.ctx, {
      event: { id: event.id, type: event.type, occurredAt: event.occurredAt, channel: event.channel, data: event.data },
    });
    const verdict = outcome.verdict ?? { accepted: true };
    const spread = outcome.effects.find((e) => e.type === 'spread');
    await this.rows.verdict(tx, input.id, {
      state: 'judged',
      accepted: verdict.accepted,
      reason: verdict.reason,
      channel: spread?.type === 'spread' ? spread.channel : undefined,
    });
    if (verdict.accepted) await tx.update(ActivityEntity, { id: loaded.activity.id }, { completedEventId: event.id });
    return { ...(await this.applier.apply(tx, loaded, outcome)), scored };
  }
}

/** A job from before the runtime (activity + event): finds the input the migration made of it. */
@Injectable()
export class LegacyInputHandler implements JobHandler<'mechanic.input-received'> {
  constructor(
    private readonly db: DataSource,
    private readonly inputs: InputHandler,
  ) {}

  async handle(data: MechanicInputV1): Promise<void> {
    const input = await this.db.getRepository(MechanicInputEntity).findOneBy({ workspaceId: data.workspaceId, eventId: data.eventId, activityId: data.activityId });
    if (input) await this.inputs.handle({ v: 1, workspaceId: data.workspaceId, inputId: input.id, revision: input.revision });
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
