import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * What it takes to enter this ring from the next outer one: points (completed activities) and
 * spread score earned while in that ring, and tenure there. `marketer`: only by decision.
 * Shape owned and validated by @lib/circles.
 */
export type StoredPromotionRule =
  | { mode: 'marketer' }
  | { mode: 'rule'; match: 'all' | 'any'; minPoints: number | null; minSpreadScore: number | null; minTenureDays: number | null };

/** A workspace's fan circle, ordered inner (position 1) to outer. `participant.circle` holds its name. */
@Entity('circle_ring')
@Unique('uq_circle_ring_name', ['workspaceId', 'name'])
@Unique('uq_circle_ring_position', ['workspaceId', 'position'])
export class CircleRingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  /** Fixed once created: nodes name it in their audience and participants carry it. */
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'int' }) position!: number;
  @Column({ type: 'jsonb', nullable: true }) promotion!: StoredPromotionRule | null;
  /** Members with no event for this many days (business time) move one ring out; null: never. */
  @Column({ name: 'demote_after_inactive_days', type: 'int', nullable: true }) demoteAfterInactiveDays!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
