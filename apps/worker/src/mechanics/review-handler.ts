import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EntryReviewEntity, MechanicRefEntity } from '@lib/persistence';
import { JobHandler, ReviewDecidedV1 } from '@lib/queue';
import { OutcomeApplier } from './outcome-applier';
import { NodeContextLoader } from './node-context.loader';
import { NodeInputRunner } from './node-input-runner';
import { TxNodeReads } from './node-reads';
import { lockNodeKeys } from './node-locks';

/**
 * Applies a moderator's decision on a contest entry: under the author's lock (as the entry's
 * own judging), the mechanic re-decides the entry and whatever depends on it (its votes, its
 * place in the standings). applied_at commits with the effects, so a repeat does nothing.
 */
@Injectable()
export class ReviewHandler implements JobHandler<'mechanic.review'> {
  constructor(
    private readonly db: DataSource,
    private readonly nodes: NodeContextLoader,
    private readonly runner: NodeInputRunner,
    private readonly applier: OutcomeApplier,
  ) {}

  async handle(data: ReviewDecidedV1): Promise<void> {
    const after = await this.db.transaction(async (tx) => {
      const review = await tx.getRepository(EntryReviewEntity).findOne({ where: { id: data.reviewId, workspaceId: data.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!review || review.appliedAt) return null;
      const markApplied = () => tx.query('UPDATE entry_review SET applied_at = now() WHERE id = $1', [review.id]);
      const loaded = await this.nodes.load(tx, data.workspaceId, review.nodeId);
      const mechanic = loaded?.handler.node;
      const ref = mechanic?.reviews ? await tx.getRepository(MechanicRefEntity).findOneBy({ workspaceId: data.workspaceId, kind: mechanic.reviews, value: review.entryId }) : null;
      const reads = new TxNodeReads(tx, data.workspaceId, review.nodeId);
      const input = ref && ref.nodeId === review.nodeId ? await reads.one(ref.inputId) : null;
      if (!loaded || !mechanic?.review || !input) {
        await markApplied();
        return null;
      }
      await tx.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [`node-phase:${review.nodeId}`]);
      await lockNodeKeys(tx, review.nodeId, mechanic.lockKey(input, loaded.ctx));
      const fresh = (await reads.one(input.id))!;
      const outcome = await mechanic.review(loaded.ctx, fresh, { decision: review.decision, reason: review.reason, at: review.createdAt }, reads);
      const after = await this.runner.apply(tx, loaded, outcome);
      await markApplied();
      return after;
    });
    if (after) await this.applier.afterCommit(data.workspaceId, after);
  }
}
