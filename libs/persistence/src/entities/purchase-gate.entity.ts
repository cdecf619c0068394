import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { WeeklySlot } from '@lib/domain';

/**
 * A campaign's purchase gate: which products need an invite code, and the weekly
 * open-purchase slots (campaign zone) in which anyone may buy them without one.
 */
@Entity('purchase_gate')
export class PurchaseGateEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  /** Gated products (SKUs); null: every product of the campaign. */
  @Column({ type: 'text', array: true, nullable: true }) skus!: string[] | null;
  @Column({ name: 'open_slots', type: 'jsonb', default: () => "'[]'" }) openSlots!: WeeklySlot[];
  @VersionColumn() version!: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
