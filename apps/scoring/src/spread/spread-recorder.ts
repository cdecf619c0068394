import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { Channel, ScoringWeights, SpreadKind, spreadWeight } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, SpreadEventEntity } from '@lib/persistence';
import { spreadKindOf } from '@lib/routing';
import { decideSpread } from './spread-decision';
import { PostIndex } from './post-index';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null);
const refsOf = (e: InboundEventEntity) => ({
  postRef: str(e.data.postId),
  parentRef: spreadKindOf(e.type) === 'post' ? null : str(e.data.parentPostId),
});

/**
 * The spread-event write path, set-wise: a batch of inbound events becomes spread rows in
 * one transaction (one row per inbound event, unique). Advisory locks on every post id
 * involved make a parent and a child recorded by concurrent transactions see each other;
 * a row that is counted (or rejected) settles every descendant that was waiting for it.
 * Returns the rows to credit in Redis after commit.
 */
@Injectable()
export class SpreadRecorder {
  constructor(private readonly db: DataSource) {}

  async record(workspaceId: string, eventIds: string[]): Promise<SpreadEventEntity[]> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(SpreadEventEntity);
      const events = (await tx.getRepository(InboundEventEntity).findBy({ workspaceId, id: In(eventIds) })).filter((e) => spreadKindOf(e.type));
      if (events.length === 0) return [];
      const existing = await repo.findBy({ inboundEventId: In(events.map((e) => e.id)) });
      const owed = existing.filter((r) => r.status === 'counted' && !r.creditedAt); // recorded, credit lost
      const recorded = new Set(existing.map((r) => r.inboundEventId));
      // Earlier first, posts before reposts: parents in the same batch usually come first.
      const fresh = events
        .filter((e) => !recorded.has(e.id))
        .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || Number(a.type !== 'post') - Number(b.type !== 'post'));
      if (fresh.length === 0) return owed;

      const locked = new Set<string>();
      const refs = fresh.flatMap((e) => Object.values(refsOf(e)).filter((r): r is string => r !== null));
      await this.lock(tx, workspaceId, refs, locked);
      const known = new PostIndex(await repo.findBy({ workspaceId, postRef: In([...new Set(refs)]) }));
      const weights = new WeightBook(tx);
      const rows: SpreadEventEntity[] = [];
      for (const event of fresh) {
        const row = await this.decide(repo, event, known, weights);
        known.offer(row);
        rows.push(row);
      }
      await repo.insert(rows);
      const settled = await this.settle(tx, workspaceId, rows, locked, weights);
      return [...owed, ...rows.filter((r) => r.status === 'counted'), ...settled];
    });
  }

  private async decide(repo: Repository<SpreadEventEntity>, event: InboundEventEntity, known: PostIndex, weights: WeightBook): Promise<SpreadEventEntity> {
    const kind = spreadKindOf(event.type)!;
    const { postRef, parentRef } = refsOf(event);
    const parent = known.get(parentRef);
    const decision = decideSpread(kind, event, parent, known.get(postRef));
    const row = repo.create({
      id: randomUUID(), // chosen here so children in the same batch can point at it
      workspaceId: event.workspaceId,
      inboundEventId: event.id,
      actorId: event.participantId,
      kind,
      channel: event.channel ?? event.mechanicResult?.channel ?? parent?.channel ?? Channel.Sandbox,
      postRef,
      parentRef,
      occurredAt: event.occurredAt,
      status: decision.status,
      campaignId: decision.status === 'pending_parent' ? null : decision.campaignId,
      reason: decision.status === 'counted' ? null : decision.reason,
      depth: null,
      weight: 0,
    });
    if (decision.status === 'counted') await this.count(row, decision.campaignId, decision.depth, decision.parent, weights);
    return row;
  }

  /** Rows waiting for a parent that is now decided: counted under it, or rejected with it. Breadth first. */
  private async settle(tx: EntityManager, workspaceId: string, decided: SpreadEventEntity[], locked: Set<string>, weights: WeightBook): Promise<SpreadEventEntity[]> {
    const counted: SpreadEventEntity[] = [];
    let level = decided.filter((r) => r.status !== 'pending_parent' && r.postRef);
    while (level.length > 0) {
      const parents = new PostIndex(level);
      await this.lock(tx, workspaceId, parents.refs(), locked);
      const children = await tx.getRepository(SpreadEventEntity).find({
        where: { workspaceId, parentRef: In(parents.refs()), status: 'pending_parent' },
        lock: { mode: 'pessimistic_write' },
      });
      for (const child of children) {
        const parent = parents.get(child.parentRef)!;
        if (parent.status === 'counted') {
          await this.count(child, parent.campaignId!, (parent.depth ?? 0) + 1, parent, weights);
          counted.push(child);
        } else {
          Object.assign(child, { status: 'rejected', reason: 'PARENT_REJECTED', campaignId: parent.campaignId });
        }
      }
      // Waiting children are few (out-of-order arrivals), so row-by-row updates are fine here.
      if (children.length > 0) await tx.getRepository(SpreadEventEntity).save(children);
      level = children.filter((c) => c.postRef);
    }
    return counted;
  }

  private async count(row: SpreadEventEntity, campaignId: string, depth: number, parent: SpreadEventEntity | null, weights: WeightBook): Promise<void> {
    Object.assign(row, {
      status: 'counted',
      reason: null,
      campaignId,
      depth,
      parentId: parent?.id ?? null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      weight: spreadWeight(row.kind as SpreadKind, row.channel as Channel, depth, await weights.of(campaignId)),
    });
  }

  private async lock(tx: EntityManager, workspaceId: string, refs: string[], locked: Set<string>): Promise<void> {
    const keys = [...new Set(refs)].filter((r) => !locked.has(r)).sort();
    if (keys.length === 0) return;
    // Sorted in a subquery so every transaction takes its locks in the same order.
    await tx.query(`SELECT count(pg_advisory_xact_lock(hashtext($1 || k))) FROM (SELECT k FROM unnest($2::text[]) AS k ORDER BY k) s`, [
      `post:${workspaceId}:`,
      keys,
    ]);
    for (const k of keys) locked.add(k);
  }
}

/** Per-campaign scoring weights, read once per transaction. */
class WeightBook {
  private readonly cache = new Map<string, Promise<ScoringWeights>>();

  constructor(private readonly tx: EntityManager) {}

  of(campaignId: string): Promise<ScoringWeights> {
    let weights = this.cache.get(campaignId);
    if (!weights) {
      weights = this.tx.getRepository(CampaignEntity).findOneByOrFail({ id: campaignId }).then((c) => c.scoring);
      this.cache.set(campaignId, weights);
    }
    return weights;
  }
}
