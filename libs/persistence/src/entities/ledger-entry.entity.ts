import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { LedgerState, RewardKind } from '@lib/domain';
import { minorUnits } from './minor-units';

/** One reward given (or held, or taken back), naming the activity that earned it. */
@Entity('ledger_entry')
// Idempotency: the same award asked twice is one entry.
@Unique('uq_ledger_entry_source', ['workspaceId', 'sourceKey'])
@Index(['campaignId', 'createdAt'])
@Index(['campaignId', 'state'])
// Per-participant limits count a participant's units in a pool.
@Index(['poolId', 'participantId'])
// For releaseExpired: only live reservations.
@Index('ix_ledger_entry_reserved_until', ['reservedUntil'], { where: "state = 'reserved'" })
@Check('ck_ledger_entry_amount', 'amount_minor >= 0')
@Check('ck_ledger_entry_kind', "kind IN ('prize', 'code', 'gift', 'bounty')")
@Check('ck_ledger_entry_state', "state IN ('reserved', 'committed', 'released', 'clawed_back')")
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'pool_id', type: 'uuid', nullable: true }) poolId!: string | null;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ name: 'activity_id', type: 'uuid', nullable: true }) activityId!: string | null;
  @Column({ name: 'node_id', type: 'uuid', nullable: true }) nodeId!: string | null;
  @Column({ type: 'text' }) kind!: RewardKind;
  @Column({ type: 'text' }) state!: LedgerState;
  @Column({ name: 'amount_minor', type: 'bigint', transformer: minorUnits }) amountMinor!: number;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'source_key', type: 'text' }) sourceKey!: string;
  /** Why it was released or clawed back. */
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'reserved_until', type: 'timestamptz', nullable: true }) reservedUntil!: Date | null;
  /** Whole milliseconds: the admin API pages by (created_at, id) with a cursor holding a JS Date, which has no microseconds. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
