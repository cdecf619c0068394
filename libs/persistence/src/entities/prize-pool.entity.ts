import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { minorUnits } from './minor-units';

/**
 * A campaign's stock of one prize. Reserved and committed ledger entries each hold one unit;
 * the CHECKs are the last line of defence behind the ledger's conditional updates.
 */
@Entity('prize_pool')
@Index(['campaignId', 'createdAt'])
@Check('ck_prize_pool_stock', 'stock_reserved >= 0 AND stock_committed >= 0 AND stock_reserved + stock_committed <= stock_total')
@Check('ck_prize_pool_value', 'unit_value_minor >= 0 AND (per_participant_limit IS NULL OR per_participant_limit >= 1)')
export class PrizePoolEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'stock_total', type: 'int' }) stockTotal!: number;
  @Column({ name: 'stock_reserved', type: 'int', default: 0 }) stockReserved!: number;
  @Column({ name: 'stock_committed', type: 'int', default: 0 }) stockCommitted!: number;
  @Column({ name: 'unit_value_minor', type: 'bigint', transformer: minorUnits }) unitValueMinor!: number;
  @Column({ type: 'char', length: 3 }) currency!: string;
  /** How many units one participant may hold (reserved, committed or clawed back); null: no limit. */
  @Column({ name: 'per_participant_limit', type: 'int', nullable: true }) perParticipantLimit!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
