import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthContext } from '@lib/access';
import { DomainError, ErrorCodes } from '@lib/domain';
import { MechanicRegistry } from '@lib/mechanics';
import { EntryReviewEntity, NodeEntity } from '@lib/persistence';
import { JobProducer } from '@lib/queue';
import { AuditService } from '../audit/audit.service';

export type ModerationFilter = 'pending' | 'approved' | 'rejected';

/**
 * The human moderation queue of contest nodes. Entries are read from the mechanic runtime's
 * table; a decision is recorded here (entry_review, with the audit log) and applied by the
 * worker, which re-judges the entry, its author's other entries and its votes.
 */
@Injectable()
export class EntriesService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: MechanicRegistry,
    private readonly producer: JobProducer,
    private readonly audit: AuditService,
  ) {}

  private async contestNode(workspaceId: string, campaignId: string, nodeId: string): Promise<NodeEntity> {
    const node = await this.db.getRepository(NodeEntity).findOneBy({ id: nodeId, campaignId, workspaceId });
    if (!node) throw new DomainError(ErrorCodes.NODE_NOT_FOUND, `node ${nodeId} not found in campaign ${campaignId}`, 'not_found');
    if (!this.registry.get(node.mechanicKind).node?.reviews) {
      throw new DomainError(ErrorCodes.CONTEST_NOT_MODERATED, `a ${node.mechanicKind} node has no entries to moderate`, 'conflict');
    }
    return node;
  }

  async list(auth: AuthContext, campaignId: string, nodeId: string, moderation: ModerationFilter | undefined, offset: number, limit: number) {
    await this.contestNode(auth.workspaceId, campaignId, nodeId);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT e.data->>'entryId' AS "entryId", p.external_id AS "participantId", m.occurred_at AS "occurredAt", e.data->>'text' AS text,
              e.data->>'mediaRef' AS "mediaRef", e.data->>'mediaType' AS "mediaType", m.state, m.accepted, m.reason,
              coalesce(m.detail->>'moderation', 'pending') AS moderation
       FROM mechanic_input m JOIN inbound_event e ON e.id = m.event_id JOIN participant p ON p.id = m.participant_id
       WHERE m.node_id = $1 AND m.workspace_id = $2 AND m.event_type = 'entry' AND ($3::text IS NULL OR coalesce(m.detail->>'moderation', 'pending') = $3)
       ORDER BY m.occurred_at, e.data->>'entryId' COLLATE "C", m.id OFFSET $4 LIMIT $5`,
      [nodeId, auth.workspaceId, moderation ?? null, offset, limit],
    );
    return { items: rows };
  }

  async review(auth: AuthContext, campaignId: string, nodeId: string, entryId: string, decision: 'approve' | 'reject', reason: string | null) {
    const node = await this.contestNode(auth.workspaceId, campaignId, nodeId);
    const kind = this.registry.get(node.mechanicKind).node!.reviews!;
    const review = await this.db.transaction(async (tx) => {
      const held: unknown[] = await tx.query('SELECT 1 FROM mechanic_ref WHERE workspace_id = $1 AND kind = $2 AND value = $3 AND node_id = $4', [auth.workspaceId, kind, entryId, nodeId]);
      if (held.length === 0) throw new DomainError(ErrorCodes.CONTEST_ENTRY_NOT_FOUND, `entry '${entryId}' not found on node ${nodeId}`, 'not_found');
      const row = await tx.getRepository(EntryReviewEntity).save(
        tx.getRepository(EntryReviewEntity).create({ workspaceId: auth.workspaceId, campaignId, nodeId, entryId, decision, reason, reviewerKeyId: auth.apiKeyId }),
      );
      await this.audit.record(tx, auth, `contest.entry.${decision}`, { type: 'entry', id: entryId }, { nodeId, reason });
      return row;
    });
    // Best effort: if Redis is away, the worker's sweeper applies it after the grace period.
    await this.producer.enqueue('mechanic.review', { workspaceId: auth.workspaceId, reviewId: review.id }).catch(() => undefined);
    return { reviewId: review.id, entryId, decision, status: 'accepted' as const };
  }
}
