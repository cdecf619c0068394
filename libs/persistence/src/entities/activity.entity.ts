import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ActivityState } from '@lib/domain';

@Entity('activity')
@Unique('uq_activity_entry', ['nodeId', 'participantId', 'reentryKey'])
@Index(['campaignId', 'state'])
// For the sweeper: activations not yet run, and invitations whose deadline may have passed.
@Index('ix_activity_pending', ['createdAt'], { where: "state = 'pending'" })
@Index('ix_activity_invited_deadline', ['deadlineAt'], { where: "state = 'invited'" })
// For fan-circle promotion: a participant's completed activities.
@Index('ix_activity_participant_completed', ['participantId'], { where: "state = 'completed'" })
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'node_id', type: 'uuid' }) nodeId!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ name: 'trigger_event_id', type: 'uuid' }) triggerEventId!: string;
  @Column({ name: 'reentry_key', type: 'text' }) reentryKey!: string;
  /** Business time of the trigger event (its occurredAt): deadlines count from here. */
  @Column({ name: 'triggered_at', type: 'timestamptz' }) triggeredAt!: Date;
  @Column({ type: 'text', default: ActivityState.Pending }) state!: ActivityState;
  /** Mechanic-owned state (chosen prompts, topic, verdicts); shape is the mechanic's. */
  @Column({ type: 'jsonb', default: () => "'{}'" }) result!: Record<string, unknown>;
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true }) deadlineAt!: Date | null;
  /** Why the activity ended as it did (e.g. DEADLINE_PASSED_BEFORE_INVITATION); shown by explain. */
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'completed_event_id', type: 'uuid', nullable: true }) completedEventId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
