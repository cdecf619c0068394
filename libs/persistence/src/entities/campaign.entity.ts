import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CampaignStatus, ScoringWeights } from '@lib/domain';

export interface QuietHours {
  from: string;
  to: string;
}
export interface FrequencyCap {
  max: number;
  perHours: number;
}

@Entity('campaign')
@Index(['workspaceId', 'createdAt'])
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'text', default: CampaignStatus.Draft }) status!: CampaignStatus;
  @Column({ type: 'text' }) timezone!: string;
  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true }) startsAt!: Date | null;
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true }) endsAt!: Date | null;
  /** Local wall-clock span in which sends are deferred, e.g. 22:00–08:00. */
  @Column({ name: 'quiet_hours', type: 'jsonb', nullable: true }) quietHours!: QuietHours | null;
  @Column({ name: 'frequency_cap', type: 'jsonb', nullable: true }) frequencyCap!: FrequencyCap | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) scoring!: ScoringWeights;
  /** Pause spans `{ from, to }` (ISO strings, `to` null while paused): rules are judged at business time. */
  @Column({ type: 'jsonb', default: () => "'[]'" }) pauses!: { from: string; to: string | null }[];
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
