import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A participant's current ring and since when (business time); `participant.circle` is its projection. */
@Entity('circle_member')
@Index('ix_circle_member_ring', ['workspaceId', 'circle', 'since'])
export class CircleMemberEntity {
  @PrimaryColumn({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) circle!: string;
  @Column({ type: 'timestamptz' }) since!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
