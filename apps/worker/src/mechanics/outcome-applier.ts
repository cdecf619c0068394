import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { MechanicOutcome } from '@lib/mechanics';
import { ActivityEntity, OutboundMessageEntity } from '@lib/persistence';
import { JobProducer } from '@lib/queue';
import { LoadedActivity } from './mechanic-context.loader';

/** Work to do once the transaction has committed (Redis after Postgres, never before). */
export interface AfterCommit {
  messageIds: string[];
  deadline: Date | null;
  /** Events this step addressed to an activity (claimed posts): each goes to its mechanic. */
  inputs: { activityId: string; eventId: string }[];
}

export const NOTHING_AFTER: AfterCommit = { messageIds: [], deadline: null, inputs: [] };

/**
 * Persists a mechanic's outcome inside the caller's transaction. Messages are keyed by
 * (activity, purpose), so applying the same outcome twice stores each message once.
 */
@Injectable()
export class OutcomeApplier {
  constructor(private readonly producer: JobProducer) {}

  async apply(tx: EntityManager, loaded: LoadedActivity, outcome: MechanicOutcome): Promise<AfterCommit> {
    const { activity, node } = loaded;
    const after: AfterCommit = { ...NOTHING_AFTER, inputs: [] };
    const changes: Partial<ActivityEntity> = { state: outcome.state, result: outcome.result };
    if (outcome.reason !== undefined) changes.reason = outcome.reason;
    for (const effect of outcome.effects) {
      if (effect.type === 'deadline') {
        changes.deadlineAt = effect.at;
        after.deadline = effect.at;
        continue;
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
          purpose: effect.purpose,
          body: effect.body as QueryDeepPartialEntity<OutboundMessageEntity>['body'],
          expiresAt: effect.expiresAt ?? null,
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

  async afterCommit(workspaceId: string, activityId: string, after: AfterCommit, scoreEventId?: string): Promise<void> {
    await this.producer.enqueueMany('outreach.send', after.messageIds.map((messageId) => ({ workspaceId, messageId })));
    if (after.deadline) {
      const delayMs = Math.max(0, after.deadline.getTime() - Date.now());
      await this.producer.enqueue('mechanic.deadline-reached', { workspaceId, activityId }, { delayMs });
    }
    await this.producer.enqueueMany('mechanic.input-received', after.inputs.map((i) => ({ workspaceId, ...i })));
    if (scoreEventId) await this.producer.enqueue('scoring.record-spread', { workspaceId, eventId: scoreEventId, afterVerdict: true });
  }
}
