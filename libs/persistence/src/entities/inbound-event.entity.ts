import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { NodeMatch, SPREAD_EVENT_TYPES } from '@lib/domain';

/** Spread event types (one per spread kind) as an SQL list, for predicates on `type`. */
export const SPREAD_TYPES_SQL = [...SPREAD_EVENT_TYPES.keys()].map((k) => `'${k}'`).join(', ');

/** One routing decision, recorded so that explain shows what was decided, not a guess. */
export type RouteDecision = { nodeId: string; campaignId: string; activityId?: string } & NodeMatch;

@Entity('inbound_event')
@Unique('uq_inbound_event_idempotency', ['workspaceId', 'idempotencyKey'])
@Index('ix_inbound_event_unprocessed', ['receivedAt'], { where: 'processed_at IS NULL' })
// The sweeper's other look-ups stay small whatever the history: each index holds only owed rows.
@Index('ix_inbound_event_unscored', ['processedAt'], { where: `scored_at IS NULL AND type IN (${SPREAD_TYPES_SQL})` })
// A participant's events by business time: fan-circle demotion (the latest) and referral
// attribution's "new participant" (the first). participant_id is a workspace's own row.
@Index('ix_inbound_event_participant_occurred', ['participantId', 'occurredAt'])
export class InboundEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' }) receivedAt!: Date;
  @Column({ type: 'jsonb', default: () => "'{}'" }) data!: Record<string, unknown>;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
  /** SHA-256 of the canonical event: a reused idempotency key with another body is refused. */
  @Column({ type: 'text', nullable: true }) fingerprint!: string | null;
  /** When it was last offered to the queue (null: the fast-path enqueue failed; the sweeper offers it soon). */
  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true }) enqueuedAt!: Date | null;
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) decisions!: RouteDecision[] | null;
  /** Set by scoring when it has recorded the spread event (spread types only). */
  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true }) scoredAt!: Date | null;
}
