import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SpreadKind } from '@lib/domain';

export type SpreadStatus = 'counted' | 'rejected' | 'pending_parent';

@Entity('spread_event')
@Unique('uq_spread_inbound', ['inboundEventId'])
@Index('uq_spread_post_ref', ['workspaceId', 'postRef'], { unique: true, where: "post_ref IS NOT NULL AND status <> 'rejected'" })
// Rows the settling step may revisit: waiting for a parent, or rejected only because of one.
@Index('ix_spread_settle_children', ['workspaceId', 'parentRef'], { where: "status = 'pending_parent' OR reason = 'PARENT_REJECTED'" })
@Index(['campaignId', 'status'])
// For the sweeper: counted rows whose Redis credit has not been confirmed.
@Index('ix_spread_uncredited', ['recordedAt'], { where: "status = 'counted' AND credited_at IS NULL" })
// Parent and duplicate look-ups by post id cover every status, so the partial index above cannot serve them.
@Index('ix_spread_post_ref', ['workspaceId', 'postRef'])
// For the sweeper: posts recorded while their verdict was owed (only those rows).
@Index('ix_spread_waiting_verdict', ['inboundEventId'], { where: "status = 'pending_parent' AND reason = 'WAITING_FOR_INVITATION'" })
// For fan-circle promotion: a participant's counted spread.
@Index('ix_spread_actor_counted', ['actorId', 'occurredAt'], { where: "status = 'counted'" })
export class SpreadEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ name: 'inbound_event_id', type: 'uuid' }) inboundEventId!: string;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId!: string;
  @Column({ type: 'text' }) kind!: SpreadKind;
  @Column({ type: 'text' }) channel!: string;
  /** The channel's id for this post or repost; children name it as their parent. */
  @Column({ name: 'post_ref', type: 'text', nullable: true }) postRef!: string | null;
  @Column({ name: 'parent_ref', type: 'text', nullable: true }) parentRef!: string | null;
  /** For follows: the brand account followed. */
  @Column({ type: 'text', nullable: true }) account!: string | null;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  @Column({ name: 'root_id', type: 'uuid', nullable: true }) rootId!: string | null;
  @Column({ type: 'int', nullable: true }) depth!: number | null;
  @Column({ type: 'double precision', default: 0 }) weight!: number;
  @Column({ type: 'text' }) status!: SpreadStatus;
  /** Why it was rejected or is waiting: shown by the explain endpoint. */
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
  /** Set once the Redis leaderboard and reach were credited; null = still to credit. */
  @Column({ name: 'credited_at', type: 'timestamptz', nullable: true }) creditedAt!: Date | null;
}
