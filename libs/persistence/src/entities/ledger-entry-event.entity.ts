import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { LedgerState } from '@lib/domain';

/** Append-only history of a ledger entry: one row per state it entered, written in the same transaction. */
@Entity('ledger_entry_event')
@Index(['entryId', 'createdAt'])
export class LedgerEntryEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'entry_id', type: 'uuid' }) entryId!: string;
  @Column({ name: 'from_state', type: 'text', nullable: true }) fromState!: LedgerState | null;
  @Column({ name: 'to_state', type: 'text' }) toState!: LedgerState;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
