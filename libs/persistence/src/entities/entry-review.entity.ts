import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A moderator's decision on a contest entry, written by the admin API (its owner) and applied
 * by the worker's mechanic runtime, which records `applied_at`. The log is the audit trail of
 * the human moderation queue: every decision stays, the latest one per entry counts.
 */
@Entity('entry_review')
@Index('ix_entry_review_unapplied', ['createdAt'], { where: 'applied_at IS NULL' })
@Index(['nodeId', 'entryId'])
export class EntryReviewEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'node_id', type: 'uuid' }) nodeId!: string;
  @Column({ name: 'entry_id', type: 'text' }) entryId!: string;
  @Column({ type: 'text' }) decision!: 'approve' | 'reject';
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  /** The API key that decided (its id, never the secret). */
  @Column({ name: 'reviewer_key_id', type: 'uuid', nullable: true }) reviewerKeyId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true }) appliedAt!: Date | null;
}
