import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A node's standings (contest entries by votes or loudness): the source of truth the Redis
 * ranking mirrors. Ties rank by `tie_at` (the entry's time), then member id.
 */
@Entity('node_standing')
export class NodeStandingEntity {
  @PrimaryColumn({ name: 'node_id', type: 'uuid' }) nodeId!: string;
  /** The ranked thing: an entry id (or an input id for mechanics without entry ids). */
  @PrimaryColumn({ type: 'text' }) member!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  /** Exact integer score in the mechanic's unit (votes; milli-LU for loudness). */
  @Column({ type: 'bigint' }) score!: string;
  @Column({ name: 'tie_at', type: 'timestamptz' }) tieAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
