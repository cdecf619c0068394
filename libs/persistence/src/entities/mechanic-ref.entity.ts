import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A reference a mechanic registered so later inputs can find it: an entry id (votes name
 * it), later a code or a check-in token. Unique per workspace and kind: the first event to
 * register a value holds it.
 */
@Entity('mechanic_ref')
export class MechanicRefEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @PrimaryColumn({ type: 'text' }) kind!: string;
  @PrimaryColumn({ type: 'text' }) value!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'node_id', type: 'uuid' }) nodeId!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ name: 'input_id', type: 'uuid' }) inputId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
