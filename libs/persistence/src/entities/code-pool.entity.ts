import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A campaign's pool of invite / reservation codes and the rules for handing them out.
 * `issued` counts every code ever created in the pool (generated or allocated); the CHECK
 * keeps it within `capacity` behind the conditional UPDATE that moves it.
 */
@Entity('code_pool')
@Index(['campaignId', 'createdAt'])
@Check('ck_code_pool_issued', 'issued >= 0 AND (capacity IS NULL OR issued <= capacity)')
@Check('ck_code_pool_rules', 'hold_seconds >= 1 AND (per_participant_limit IS NULL OR per_participant_limit >= 1)')
export class CodePoolEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ type: 'text' }) name!: string;
  /** Products the codes unlock; null: any product. */
  @Column({ type: 'text', array: true, nullable: true }) skus!: string[] | null;
  /** Codes of the pool are dead from this instant (exclusive end); null: never. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  /** participant.circle values allowed an allocation; null: everyone. */
  @Column({ type: 'text', array: true, nullable: true }) circles!: string[] | null;
  /** Codes one participant may be allocated; null: no limit. */
  @Column({ name: 'per_participant_limit', type: 'int', nullable: true }) perParticipantLimit!: number | null;
  /** Allocations start at this instant (inclusive); null: at once. */
  @Column({ name: 'allocatable_from', type: 'timestamptz', nullable: true }) allocatableFrom!: Date | null;
  /** How long a purchase-gate reservation holds a code before it is released. */
  @Column({ name: 'hold_seconds', type: 'int', default: 900 }) holdSeconds!: number;
  /** Codes the pool may ever hold; null: no cap. */
  @Column({ type: 'int', nullable: true }) capacity!: number | null;
  @Column({ type: 'int', default: 0 }) issued!: number;
  /** When the maintenance pass finished marking the pool's unused codes expired; null: not (yet). */
  @Column({ name: 'codes_expired_at', type: 'timestamptz', nullable: true }) codesExpiredAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** One call of bulk generation; the Idempotency-Key makes a retried call a 409, not a second batch. */
@Entity('code_batch')
@Unique('uq_code_batch_key', ['workspaceId', 'idempotencyKey'])
export class CodeBatchEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'pool_id', type: 'uuid' }) poolId!: string;
  @Column({ type: 'int' }) count!: number;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
