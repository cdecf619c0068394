import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('participant')
@Unique('uq_participant_external', ['workspaceId', 'externalId'])
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  /** The shop's or channel's opaque id for the person; never a phone number or e-mail. */
  @Column({ name: 'external_id', type: 'text' }) externalId!: string;
  @Column({ type: 'text', nullable: true }) circle!: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) attributes!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
