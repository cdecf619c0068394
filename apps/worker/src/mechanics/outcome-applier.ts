import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ActivityState } from '@lib/domain';
import { MechanicOutcome } from '@lib/mechanics';
import { ActivityEntity, OutboundMessageEntity } from '@lib/persistence';
import { JobProducer } from '@lib/queue';
import { CodeEffects } from './code-effects';
import { InputJob } from './input-rows';
import { LoadedActivity } from './mechanic-context.loader';

/** Work to do once the transaction has committed (Redis after Postgres, never before). */
export interface AfterCommit {
  messageIds: string[];
  deadline: { activityId: string; at: Date } | null;
  /** Inputs to judge (claimed posts, votes whose entry appeared) and to analyse first. */
  inputs: InputJob[];
  analyses: InputJob[];
  /** Events whose verdict scoring now owes a (second) look, with the verdict's input revision. */
  scored: { eventId: string; revision: number }[];
  /** Node standings changed (their Redis mirror is refreshed). */
  standingNodes: string[];
}

export const nothingAfter = (): AfterCommit => ({ messageIds: [], deadline: null, inputs: [], analyses: [], scored: [], standingNodes: [] });

export function mergeAfter(a: AfterCommit, b: AfterCommit): AfterCommit {
  return {
    messageIds: [...a.messageIds, ...b.messageIds],
    deadline: b.deadline ?? a.deadline,
    inputs: [...a.inputs, ...b.inputs],
    analyses: [...a.analyses, ...b.analyses],
    scored: [...a.scored, ...b.scored],
    standingNodes: [...new Set([...a.standingNodes, ...b.standingNodes])],
  };
}

/**
 * Persists an activity mechanic's outcome inside the caller's transaction. Messages are keyed
 * by (activity, purpose), so applying the same outcome twice stores each message once.
 */
@Injectable()
export class OutcomeApplier {
  constructor(
    private readonly producer: JobProducer,
    private readonly codes: CodeEffects,
  ) {}

  async apply(tx: EntityManager, loaded: LoadedActivity, outcome: MechanicOutcome): Promise<AfterCommit> {
    const { activity, node } = loaded;
    const after = nothingAfter();
    const changes: Partial<ActivityEntity> = { state: outcome.state, result: outcome.result };
    if (outcome.reason !== undefined) changes.reason = outcome.reason;
    for (const effect of outcome.effects) {
      if (effect.type === 'spread') continue; // carried by the input's verdict (see InputHandler)
      if (effect.type === 'deadline') {
        changes.deadlineAt = effect.at;
        after.deadline = { activityId: activity.id, at: effect.at };
        continue;
      }
      let message: { purpose: string; body: Record<string, unknown>; expiresAt?: Date } = effect.type === 'message' ? effect : { purpose: effect.purpose, body: {} };
      if (effect.type === 'codes') {
        const made = await this.codes.allocate(tx, activity, effect);
        if ('reason' in made) {
          // The pool's rules said no (circle, limit, not yet, expired, capacity): no codes, no message.
          Object.assign(changes, { state: ActivityState.Failed, reason: made.reason });
          continue;
        }
        message = { purpose: effect.purpose, body: made.body };
      }
      await tx
        .createQueryBuilder()
        .insert()
        .into(OutboundMessageEntity)
        .values({
          workspaceId: activity.workspaceId,
          campaignId: activity.campaignId,
          activityId: activity.id,
          participantId: activity.participantId,
          channel: node.channel,
          purpose: message.purpose,
          body: message.body as QueryDeepPartialEntity<OutboundMessageEntity>['body'],
          expiresAt: message.expiresAt ?? null,
        })
        .orIgnore()
        .execute();
    }
    // jsonb columns typed as records need the cast TypeORM's deep-partial type cannot infer.
    await tx.update(ActivityEntity, { id: activity.id }, changes as QueryDeepPartialEntity<ActivityEntity>);
    const pending = await tx.getRepository(OutboundMessageEntity).find({ where: { activityId: activity.id, status: 'pending' }, select: { id: true } });
    after.messageIds = pending.map((m) => m.id);
    return after;
  }

  async afterCommit(workspaceId: string, after: AfterCommit): Promise<void> {
    await this.producer.enqueueMany('outreach.send', after.messageIds.map((messageId) => ({ workspaceId, messageId })));
    if (after.deadline) {
      const delayMs = Math.max(0, after.deadline.at.getTime() - Date.now());
      await this.producer.enqueue('mechanic.deadline-reached', { workspaceId, activityId: after.deadline.activityId }, { delayMs });
    }
    await this.producer.enqueueMany('mechanic.analyse', after.analyses.map((i) => ({ workspaceId, inputId: i.id })));
    await this.producer.enqueueMany('mechanic.input', after.inputs.map((i) => ({ workspaceId, inputId: i.id, revision: i.revision })));
    for (const { eventId, revision } of after.scored) await this.producer.enqueue('scoring.record-spread', { workspaceId, eventId, afterVerdict: true, revision });
  }
}
