import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { minorUnits } from './minor-units';

/**
 * The campaign's reward account: every ledger entry draws its amount from here, whatever its
 * kind. Its own table, not campaign columns, because every award updates it (a hot row that
 * must not contend with campaign edits or bump their version). `total_minor` null: no cap,
 * spend is still counted. It also fixes the campaign's one reward currency.
 */
@Entity('campaign_budget')
@Check('ck_campaign_budget_held', 'reserved_minor >= 0 AND committed_minor >= 0')
@Check('ck_campaign_budget_cap', 'total_minor IS NULL OR (total_minor >= 0 AND reserved_minor + committed_minor <= total_minor)')
export class CampaignBudgetEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'total_minor', type: 'bigint', nullable: true, transformer: minorUnits }) totalMinor!: number | null;
  @Column({ name: 'reserved_minor', type: 'bigint', default: 0, transformer: minorUnits }) reservedMinor!: number;
  @Column({ name: 'committed_minor', type: 'bigint', default: 0, transformer: minorUnits }) committedMinor!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
