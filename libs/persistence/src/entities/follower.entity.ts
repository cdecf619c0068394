import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A person following one of the brand's accounts, held by their earliest follow (business
 * time, then event id): later follows of the same account are ALREADY_FOLLOWING, whatever the
 * order they arrive in.
 */
@Entity('follower')
export class FollowerEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @PrimaryColumn({ type: 'text' }) account!: string;
  @PrimaryColumn({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ name: 'inbound_event_id', type: 'uuid' }) inboundEventId!: string;
  @Column({ name: 'followed_at', type: 'timestamptz' }) followedAt!: Date;
}
