import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DEFAULT_MAX_LATENESS_HOURS, MechanicKind, ReentryRule, RolloutStage, TriggerCondition, WeeklySlot } from '@lib/domain';

@Entity('node')
@Index(['workspaceId', 'triggerEventType'])
@Index(['campaignId', 'createdAt'])
export class NodeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'trigger_event_type', type: 'text' }) triggerEventType!: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) conditions!: TriggerCondition[];
  /** null: everyone; else the fan circles allowed in. */
  @Column({ name: 'audience_circles', type: 'text', array: true, nullable: true }) audienceCircles!: string[] | null;
  @Column({ name: 'window_starts_at', type: 'timestamptz', nullable: true }) windowStartsAt!: Date | null;
  @Column({ name: 'window_ends_at', type: 'timestamptz', nullable: true }) windowEndsAt!: Date | null;
  @Column({ name: 'weekly_slots', type: 'jsonb', nullable: true }) weeklySlots!: WeeklySlot[] | null;
  @Column({ type: 'text', default: ReentryRule.Once }) reentry!: ReentryRule;
  /** Events received more than this many hours after they happened are stored but enter nothing. */
  @Column({ name: 'max_lateness_hours', type: 'int', default: DEFAULT_MAX_LATENESS_HOURS }) maxLatenessHours!: number;
  /** Ring-by-ring rollout stages (parseRollout); null: every allowed circle from the start. */
  @Column({ type: 'jsonb', nullable: true }) rollout!: RolloutStage[] | null;
  @Column({ name: 'mechanic_kind', type: 'text' }) mechanicKind!: MechanicKind;
  @Column({ type: 'jsonb', default: () => "'{}'" }) config!: Record<string, unknown>;
  @Column({ name: 'config_version', type: 'int', default: 1 }) configVersion!: number;
  /** Channel adapter that carries this node's messages (sandbox, webhook). */
  @Column({ type: 'text', default: 'sandbox' }) channel!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
