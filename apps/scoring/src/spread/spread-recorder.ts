import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Channel, SpreadKind, spreadWeight } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, SpreadEventEntity } from '@lib/persistence';
import { spreadKindOf } from '@lib/routing';
import { decideSpread } from './spread-decision';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null);

/**
 * The spread-event write path. One row per inbound event (unique), written under advisory
 * locks on the post ids involved, so a parent and a child arriving at once cannot miss each
 * other; a counted event links every descendant that was waiting for it, in the same
 * transaction. Returns the rows newly counted, for crediting after commit.
 */
@Injectable()
export class SpreadRecorder {
  constructor(private readonly db: DataSource) {}

  async record(workspaceId: string, eventId: string): Promise<SpreadEventEntity[]> {
    return this.db.transaction(async (tx) => {
      const event = await tx.getRepository(InboundEventEntity).findOneBy({ id: eventId, workspaceId });
      const kind = event ? spreadKindOf(event.type) : undefined;
      if (!event || !kind) return [];
      const postRef = str(event.data.postId);
      const parentRef = kind === 'post' ? null : str(event.data.parentPostId);
      await this.lock(tx, workspaceId, [postRef, parentRef]);
      const repo = tx.getRepository(SpreadEventEntity);
      const existing = await repo.findOneBy({ inboundEventId: event.id });
      if (existing) return existing.status === 'counted' && !existing.creditedAt ? [existing] : [];

      const parent = parentRef ? await this.findByPostRef(tx, workspaceId, parentRef) : null;
      const duplicateOf = postRef ? await this.findByPostRef(tx, workspaceId, postRef) : null;
      const decision = decideSpread(kind, event, parent, duplicateOf);
      const row = repo.create({
        workspaceId,
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
      if (decision.status === 'counted') {
        await this.count(tx, row, decision.campaignId, decision.depth, decision.parent);
      }
      await repo.insert(row);
      if (decision.status === 'pending_parent') return [];
      return decision.status === 'counted' ? [row, ...(await this.settleWaiting(tx, row))] : await this.settleWaiting(tx, row);
    });
  }

  /** Children that waited for `parent` become counted under it (or rejected with it), breadth first. */
  private async settleWaiting(tx: EntityManager, root: SpreadEventEntity): Promise<SpreadEventEntity[]> {
    const counted: SpreadEventEntity[] = [];
    const queue = [root];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      if (!parent.postRef) continue;
      await this.lock(tx, parent.workspaceId, [parent.postRef]);
      const children = await tx.getRepository(SpreadEventEntity).find({
        where: { workspaceId: parent.workspaceId, parentRef: parent.postRef, status: 'pending_parent' },
        lock: { mode: 'pessimistic_write' },
      });
      for (const child of children) {
        if (parent.status === 'counted') {
          await this.count(tx, child, parent.campaignId!, (parent.depth ?? 0) + 1, parent);
          counted.push(child);
        } else {
          Object.assign(child, { status: 'rejected', reason: 'PARENT_REJECTED', campaignId: parent.campaignId });
        }
        await tx.getRepository(SpreadEventEntity).save(child);
        queue.push(child);
      }
    }
    return counted;
  }

  private async count(tx: EntityManager, row: SpreadEventEntity, campaignId: string, depth: number, parent: SpreadEventEntity | null): Promise<void> {
    const campaign = await tx.getRepository(CampaignEntity).findOneByOrFail({ id: campaignId });
    Object.assign(row, {
      status: 'counted',
      reason: null,
      campaignId,
      depth,
      parentId: parent?.id ?? null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      weight: spreadWeight(row.kind as SpreadKind, row.channel as Channel, depth, campaign.scoring),
    });
  }

  private findByPostRef(tx: EntityManager, workspaceId: string, postRef: string): Promise<SpreadEventEntity | null> {
    // Prefer the live row: rejected duplicates may share a post id.
    return tx
      .getRepository(SpreadEventEntity)
      .createQueryBuilder('s')
      .where('s.workspace_id = :ws AND s.post_ref = :ref', { ws: workspaceId, ref: postRef })
      .orderBy(`CASE s.status WHEN 'counted' THEN 0 WHEN 'pending_parent' THEN 1 ELSE 2 END`)
      .getOne();
  }

  private async lock(tx: EntityManager, workspaceId: string, refs: (string | null)[]): Promise<void> {
    // Sorted so two transactions always take the same locks in the same order.
    const keys = [...new Set(refs.filter((r): r is string => r !== null))].sort();
    for (const ref of keys) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`post:${workspaceId}:${ref}`]);
  }
}
