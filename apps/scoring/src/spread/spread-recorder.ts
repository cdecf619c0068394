import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import { Channel, PLACED_BY_MECHANIC, ScoringWeights, SpreadKind, spreadWeight } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, MechanicInputResult, SpreadEventEntity } from '@lib/persistence';
import { spreadKindOf } from '@lib/routing';
import { decideSpread, placeOf } from './spread-decision';
import { FollowBook } from './follow-book';
import { PostIndex } from './post-index';
import { loadVerdicts } from './verdict-book';

const DEADLOCK = '40P01';

/**
 * A post rejected by its mechanic that the mechanic has since accepted (a contest entry that
 * got its slot back) is decided again. The reverse is not: a cascade that counted stays counted.
 */
const revived = (row: SpreadEventEntity, verdict: MechanicInputResult): boolean =>
  row.kind === 'post' && row.status === 'rejected' && verdict.accepted && row.reason !== 'DUPLICATE_POST_ID';
const isDeadlock = (err: unknown) => err instanceof QueryFailedError && (err.driverError as { code?: string }).code === DEADLOCK;

/**
 * The spread-event write path, set-wise: a batch of inbound events becomes spread rows in
 * one transaction (one row per inbound event, unique). Advisory locks on every post id
 * involved, taken before anything is read, make a parent and a child recorded by concurrent
 * transactions see each other. Whenever a post id gets a decided live row, the rows waiting
 * under it (or rejected only because an earlier holder was) are settled against it.
 * Returns the rows to credit in Redis after commit.
 */
@Injectable()
export class SpreadRecorder {
  constructor(private readonly db: DataSource) {}

  async record(workspaceId: string, eventIds: string[]): Promise<SpreadEventEntity[]> {
    // Locks taken while settling descendants are not globally ordered; a rare deadlock
    // aborts one transaction, which simply runs again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.recordIn(tx, workspaceId, eventIds));
      } catch (err) {
        if (attempt >= 3 || !isDeadlock(err)) throw err;
      }
    }
  }

  private async recordIn(tx: EntityManager, workspaceId: string, eventIds: string[]): Promise<SpreadEventEntity[]> {
    const repo = tx.getRepository(SpreadEventEntity);
    const first = (await tx.getRepository(InboundEventEntity).findBy({ workspaceId, id: In(eventIds) })).filter((e) => spreadKindOf(e.type));
    if (first.length === 0) return [];
    const locked = new Set<string>();
    // Post ids come from data, which never changes, or from a placing verdict (a referral
    // sign-up), read here unlocked and again below; the verdict may change meanwhile.
    const early = await loadVerdicts(tx, first.filter((e) => PLACED_BY_MECHANIC.has(e.type)).map((e) => e.id));
    const refsIn = (list: InboundEventEntity[], v: Map<string, MechanicInputResult>) =>
      list.flatMap((e) => {
        const { postRef, parentRef } = placeOf(spreadKindOf(e.type)!, e, v.get(e.id));
        return [postRef, parentRef].filter((r): r is string => r !== null);
      });
    const refs = refsIn(first, early);
    await this.lock(tx, workspaceId, refs, locked);
    // Locked in id order: a mechanic verdict committed before this point is seen, one after it
    // waits for this commit and then clears scored_at, so the post is recorded again.
    const events = await tx.getRepository(InboundEventEntity).find({
      where: { workspaceId, id: In(first.map((e) => e.id)) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    // Verdicts read after the event locks: one committed before them is seen here; one committed
    // after is owed again (the runtime enqueues a second look, the sweeper finds the waiting row).
    const verdicts = await loadVerdicts(tx, events.map((e) => e.id));
    // A place that changed since the first read: its post ids are locked too (a deadlock this may cause is retried).
    refs.push(...refsIn(events, verdicts));
    await this.lock(tx, workspaceId, refs, locked);
    // Marks the events as handled by scoring (the sweeper's index holds only unmarked ones).
    await tx.query('UPDATE inbound_event SET scored_at = now() WHERE id = ANY($1) AND scored_at IS NULL', [events.map((e) => e.id)]);
    // Read after locking: a concurrent job recording one of these events has committed by now.
    const existing = await repo.findBy({ inboundEventId: In(events.map((e) => e.id)) });
    const owed = existing.filter((r) => r.status === 'counted' && !r.creditedAt); // recorded, credit lost
    const byEvent = new Map(events.map((e) => [e.id, e]));
    // A post that waited for an invitation and has now been judged by its mechanic is decided again.
    const rejudge = new Map(
      existing.filter((r) => byEvent.has(r.inboundEventId) && verdicts.has(r.inboundEventId) && (r.reason === 'WAITING_FOR_INVITATION' || revived(r, verdicts.get(r.inboundEventId)!))).map((r) => [r.inboundEventId, r.id]),
    );
    const recorded = new Set(existing.map((r) => r.inboundEventId).filter((id) => !rejudge.has(id)));
    // Earlier first, posts before reposts: parents in the same batch usually come first.
    const fresh = events
      .filter((e) => !recorded.has(e.id))
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || Number(a.type !== 'post') - Number(b.type !== 'post'));
    if (fresh.length === 0) return owed;

    const known = new PostIndex(await repo.findBy({ workspaceId, postRef: In([...new Set(refs)]) }));
    const weights = new WeightBook(tx);
    const follows = new FollowBook(tx, workspaceId);
    const rows: SpreadEventEntity[] = [];
    const demoted: SpreadEventEntity[] = [];
    for (const event of fresh) {
      const row = await this.decide(repo, event, verdicts.get(event.id) ?? null, known, weights, follows, rejudge.get(event.id));
      const holder = known.get(row.postRef);
      if (row.kind === 'post' && row.status === 'counted' && holder?.status === 'pending_parent' && holder.id !== row.id) {
        // A verified post takes its id back from a repost that claimed it while waiting.
        Object.assign(holder, { status: 'rejected', reason: 'DUPLICATE_POST_ID' });
        demoted.push(holder);
      }
      known.offer(row);
      rows.push(row);
    }
    // Stored holders give the id up before the insert (unique index over live rows); holders
    // from this batch are inserted already demoted. Re-judged rows are updated in place.
    const storedHolders = demoted.filter((d) => !rows.includes(d));
    const updated = rows.filter((r) => rejudge.has(r.inboundEventId));
    if (storedHolders.length > 0 || updated.length > 0) await repo.save([...storedHolders, ...updated]);
    const inserted = rows.filter((r) => !rejudge.has(r.inboundEventId));
    if (inserted.length > 0) await repo.insert(inserted);
    const decidedRefs = rows.filter((r) => r.status !== 'pending_parent' && r.postRef).map((r) => r.postRef!);
    const settled = await this.settle(tx, workspaceId, decidedRefs, locked, weights);
    follows.attributeCounted([...rows, ...settled]);
    await follows.flush();
    return [...owed, ...rows.filter((r) => r.status === 'counted' && r.campaignId), ...settled];
  }

  private async decide(
    repo: Repository<SpreadEventEntity>,
    event: InboundEventEntity,
    verdict: MechanicInputResult | null,
    known: PostIndex,
    weights: WeightBook,
    follows: FollowBook,
    id: string = randomUUID(), // chosen here so children in the same batch can point at it
  ): Promise<SpreadEventEntity> {
    const place = placeOf(spreadKindOf(event.type)!, event, verdict);
    const { kind, postRef, parentRef } = place;
    const base = { id, workspaceId: event.workspaceId, inboundEventId: event.id, actorId: event.participantId, kind, postRef, parentRef, occurredAt: event.occurredAt, depth: null, weight: 0 };
    if (kind === 'follow') {
      const account = await follows.accountOf(event);
      if (account === null) return repo.create({ ...base, channel: event.channel ?? Channel.Sandbox, status: 'rejected', reason: 'NOT_A_BRAND_ACCOUNT', campaignId: null });
      follows.noteFollow(account, event);
      if (parentRef === null) return this.brandFollow(repo, base, account, event, follows);
      Object.assign(base, { account });
    }
    const parent = known.get(parentRef);
    const decision = decideSpread(kind, event, parent, known.get(postRef), verdict, place);
    // A row without a channel of its own takes its parent's when it counts. One that may still
    // count (waiting, or rejected only through its parent) stays unresolved: copying a rejected
    // parent's channel would make its weight depend on arrival order.
    const recoverable = decision.status === 'pending_parent' || (decision.status === 'rejected' && decision.reason === 'PARENT_REJECTED');
    const inherited = decision.status === 'counted' ? parent?.channel : undefined;
    const channel = event.channel ?? verdict?.channel ?? inherited ?? (recoverable ? '' : Channel.Sandbox);
    const row = repo.create({
      ...base,
      channel,
      status: decision.status,
      campaignId: decision.status === 'pending_parent' ? null : decision.campaignId,
      reason: decision.status === 'counted' ? null : decision.reason,
    });
    if (decision.status === 'counted') await this.count(row, decision.campaignId, decision.depth, decision.parent, weights);
    return row;
  }

  /** A follow naming no post: a new follower for every campaign running then, no score. */
  private async brandFollow(repo: Repository<SpreadEventEntity>, base: Partial<SpreadEventEntity>, account: string, event: InboundEventEntity, follows: FollowBook): Promise<SpreadEventEntity> {
    const running = await follows.runningAt(event.occurredAt);
    follows.attribute(event.id, running);
    return repo.create({
      ...base,
      account,
      channel: event.channel ?? Channel.Sandbox,
      depth: 0,
      campaignId: null,
      status: running.length > 0 ? 'counted' : 'rejected',
      reason: running.length > 0 ? null : 'NO_CAMPAIGN_RUNNING',
      creditedAt: new Date(), // nothing to credit in Redis: a follow of the brand scores nothing
    });
  }

  /**
   * Breadth first from the post ids just decided: every row waiting under one of them, or
   * rejected only because of an earlier holder, is judged again against the id's live row.
   */
  private async settle(tx: EntityManager, workspaceId: string, seedRefs: string[], locked: Set<string>, weights: WeightBook): Promise<SpreadEventEntity[]> {
    const repo = tx.getRepository(SpreadEventEntity);
    const counted: SpreadEventEntity[] = [];
    let refs = [...new Set(seedRefs)];
    while (refs.length > 0) {
      await this.lock(tx, workspaceId, refs, locked);
      const live = new PostIndex(await repo.findBy({ workspaceId, postRef: In(refs) }));
      const children = await repo
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.workspace_id = :ws AND s.parent_ref IN (:...refs)', { ws: workspaceId, refs })
        // Same predicate as the partial index ix_spread_settle_children (PARENT_REJECTED rows are rejected).
        .andWhere(`(s.status = 'pending_parent' OR s.reason = 'PARENT_REJECTED')`)
        .getMany();
      const changed: SpreadEventEntity[] = [];
      for (const child of children) {
        const parent = live.get(child.parentRef);
        if (!parent || parent.status === 'pending_parent') continue;
        if (parent.status === 'counted') {
          await this.count(child, parent.campaignId!, (parent.depth ?? 0) + 1, parent, weights);
          counted.push(child);
          changed.push(child);
        } else if (child.status === 'pending_parent') {
          // The channel stays unresolved: a later live parent may still count this child.
          Object.assign(child, { status: 'rejected', reason: 'PARENT_REJECTED', campaignId: parent.campaignId });
          changed.push(child);
        }
      }
      // Waiting children are few (out-of-order arrivals), so row-by-row updates are fine here.
      if (changed.length > 0) await repo.save(changed);
      refs = [...new Set(changed.map((c) => c.postRef).filter((r): r is string => r !== null))];
    }
    return counted;
  }

  private async count(row: SpreadEventEntity, campaignId: string, depth: number, parent: SpreadEventEntity | null, weights: WeightBook): Promise<void> {
    const channel = row.channel || parent?.channel || Channel.Sandbox;
    Object.assign(row, {
      status: 'counted',
      reason: null,
      campaignId,
      channel,
      depth,
      parentId: parent?.id ?? null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      weight: spreadWeight(row.kind as SpreadKind, channel as Channel, depth, await weights.of(campaignId)),
    });
  }

  /**
   * Locks post ids by bucket (256 per workspace): a coarser lock still keeps two transactions
   * touching one post id apart, and a transaction never holds more than 256 advisory locks.
   * One lock per id overflowed PostgreSQL's lock table (max_locks_per_transaction) when
   * batches of 1000 ran side by side or a large waiting subtree was settled at once.
   */
  private async lock(tx: EntityManager, workspaceId: string, refs: string[], locked: Set<string>): Promise<void> {
    const buckets = [...new Set(refs.map(postBucket))].filter((b) => !locked.has(b)).sort();
    if (buckets.length === 0) return;
    // Sorted in a subquery so every transaction takes its first locks in the same order.
    await tx.query(`SELECT count(pg_advisory_xact_lock(hashtext($1 || k))) FROM (SELECT k FROM unnest($2::text[]) AS k ORDER BY k) s`, [
      `post:${workspaceId}:`,
      buckets,
    ]);
    for (const b of buckets) locked.add(b);
  }
}

const postBucket = (ref: string): string => String(createHash('sha1').update(ref).digest()[0]).padStart(3, '0');

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
