import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A node-level timer: a round opening or closing, a draw, a contest picking its winners.
 * One row per (node, name), so a phase runs once however often its job is delivered: the
 * runner takes the row lock and only a `pending` row runs.
 */
@Entity('node_phase')
@Unique('uq_node_phase', ['nodeId', 'name'])
@Index('ix_node_phase_due', ['dueAt'], { where: "state = 'pending'" })
export class NodePhaseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'node_id', type: 'uuid' }) nodeId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'text', default: 'pending' }) state!: 'pending' | 'done' | 'cancelled';
  @Column({ name: 'ran_at', type: 'timestamptz', nullable: true }) ranAt!: Date | null;
  /** What the phase did (winners picked, inputs re-judged), shown by explain. */
  @Column({ type: 'jsonb', default: () => "'{}'" }) outcome!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
