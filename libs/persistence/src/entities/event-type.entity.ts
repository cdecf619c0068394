import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { FieldRule } from '@lib/domain';

/** An event type a workspace declared (its tracking plan); built-in types are not stored. */
@Entity('event_type')
@Unique('uq_event_type_name', ['workspaceId', 'name'])
export class EventTypeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) fields!: FieldRule[];
  @Column({ name: 'additional_fields', type: 'boolean', default: true }) additionalFields!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
