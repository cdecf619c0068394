import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CircleActorType = 'api_key' | 'rule';

/** One move of a participant between circles (join, promotion, demotion, decision, removal). Append-only. */
@Entity('circle_move')
@Index('ix_circle_move_participant', ['participantId', 'createdAt'])
export class CircleMoveEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ name: 'from_circle', type: 'text', nullable: true }) fromCircle!: string | null;
  @Column({ name: 'to_circle', type: 'text', nullable: true }) toCircle!: string | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'actor_type', type: 'text' }) actorType!: CircleActorType;
  /** The API key's id, or the rule's name (`promotion:<ring>`, `admission:<ring>`…). */
  @Column({ name: 'actor_id', type: 'text' }) actorId!: string;
  /** Business time of the move: when the rule held or the decision was made. */
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'jsonb', default: () => "'{}'" }) details!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
