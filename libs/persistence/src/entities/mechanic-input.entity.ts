import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** How an input found its mechanic (see docs/ARCHITECTURE.md, "Mechanic runtime"). */
export type InputRouteKind = 'invitation' | 'claim' | 'node' | 'ref';

/**
 * pending: to be judged; analysing: a slow analysis step (e.g. loudness) runs first;
 * waiting: judged "not yet" (a vote before its entry), judged again when what it waits for
 * appears; judged: final verdict (a later phase may still re-judge node inputs).
 */
export type MechanicInputState = 'pending' | 'analysing' | 'waiting' | 'judged';

/**
 * An event addressed to a mechanic: to one activity (a post answering an invitation) or to a
 * node (a contest entry, a vote). Written only by the worker's mechanic runtime; scoring and
 * explain read it. This is the worker→scoring contract for verdicts: scoring counts a post or
 * an entry only when its input here is judged and accepted.
 */
@Entity('mechanic_input')
@Index('uq_mechanic_input_event_node', ['eventId', 'nodeId'], { unique: true })
// An input naming an invitation that does not exist has no node: still one row per event.
@Index('uq_mechanic_input_event_unrouted', ['eventId'], { unique: true, where: 'node_id IS NULL' })
@Index('ix_mechanic_input_activity', ['activityId'], { where: 'activity_id IS NOT NULL' })
@Index('ix_mechanic_input_node_ref', ['nodeId', 'ref'], { where: 'ref IS NOT NULL' })
@Index('ix_mechanic_input_node_participant', ['nodeId', 'participantId'])
// The sweeper's look-up: inputs not yet judged (holds only owed rows).
@Index('ix_mechanic_input_owed', ['createdAt'], { where: "state IN ('pending', 'analysing')" })
export class MechanicInputEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  /** Null only for an input naming an invitation that does not exist. */
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ name: 'node_id', type: 'uuid', nullable: true }) nodeId!: string | null;
  @Column({ name: 'activity_id', type: 'uuid', nullable: true }) activityId!: string | null;
  @Column({ type: 'text' }) route!: InputRouteKind;
  /** The reference the input is about (the entry a vote is for). */
  @Column({ type: 'text', nullable: true }) ref!: string | null;
  /** Business time of the event, copied so node rules read inputs without joining events. */
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ type: 'text', default: 'pending' }) state!: MechanicInputState;
  @Column({ type: 'boolean', nullable: true }) accepted!: boolean | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  /** Where the mechanic expected the post (weights its tie strength when the event names none). */
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  /** Result of the analysis step (measurements), when the route asks for one. */
  @Column({ type: 'jsonb', nullable: true }) analysis!: Record<string, unknown> | null;
  /** Mechanic-owned facts about the verdict (score, period, duplicate of…). */
  @Column({ type: 'jsonb', default: () => "'{}'" }) detail!: Record<string, unknown>;
  /** Bumped each time the input is opened again for judging (its job id carries it). */
  @Column({ type: 'integer', default: 0 }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'judged_at', type: 'timestamptz', nullable: true }) judgedAt!: Date | null;
}

/** What a mechanic made of an event, as scoring and explain read it. */
export interface MechanicInputResult {
  activityId: string | null;
  campaignId: string;
  accepted: boolean;
  reason?: string;
  channel?: string;
  /** The cascade place a mechanic gave an accepted input whose type it places (a referral sign-up). */
  spread?: { kind: 'post' | 'referral'; postRef: string; parentRef: string | null };
}
