import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** expired: not sent because the moment it was for (a deadline) had passed when it could go. */
export type MessageStatus = 'pending' | 'sent' | 'failed' | 'expired';

@Entity('outbound_message')
@Unique('uq_message_purpose', ['activityId', 'purpose'])
@Index(['workspaceId', 'createdAt'])
@Index(['participantId', 'sentAt'])
@Index('ix_message_pending', ['createdAt'], { where: "status = 'pending'" })
export class OutboundMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'activity_id', type: 'uuid' }) activityId!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  /** Adapter name: sandbox, webhook. */
  @Column({ type: 'text' }) channel!: string;
  /** Why the message exists (invitation, thanks); one of each per activity. */
  @Column({ type: 'text' }) purpose!: string;
  @Column({ type: 'jsonb' }) body!: Record<string, unknown>;
  @Column({ type: 'text', default: 'pending' }) status!: MessageStatus;
  /** Set when quiet hours or the frequency cap deferred the send. */
  @Column({ name: 'deferred_until', type: 'timestamptz', nullable: true }) deferredUntil!: Date | null;
  /** After this instant the message is pointless (the invitation's deadline) and is not sent. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
