import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const CODE_STATES = ['issued', 'allocated', 'reserved', 'redeemed', 'expired'] as const;
export type CodeState = (typeof CODE_STATES)[number];

/**
 * One invite code, stored only as HMAC-SHA256(CODE_HASH_KEY, code): unique per workspace, so
 * a code finds exactly one row. Participants are named by their external id (the id the
 * marketer's systems and events use), so redemption needs no participant lookup. State moves
 * only through conditional UPDATEs in @lib/codes (one winner however many race).
 */
@Entity('invite_code')
@Unique('uq_invite_code_hash', ['workspaceId', 'codeHash'])
// No index names `state` or the redemption columns (also not in a partial index's WHERE), so a
// redemption is a HOT update (no index entry written; fillfactor 50 in the migration leaves room for one new version of every row).
@Index(['poolId'])
@Index('ix_invite_code_allocated', ['poolId', 'allocatedTo'], { where: 'allocated_to IS NOT NULL' })
@Index('ix_invite_code_reservation', ['reservationId'], { where: 'reservation_id IS NOT NULL' })
@Index('ix_invite_code_hold', ['holdUntil'], { where: 'hold_until IS NOT NULL' })
@Check('ck_invite_code_state', "state IN ('issued', 'allocated', 'reserved', 'redeemed', 'expired')")
export class InviteCodeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'pool_id', type: 'uuid' }) poolId!: string;
  @Column({ name: 'batch_id', type: 'uuid', nullable: true }) batchId!: string | null;
  @Column({ name: 'code_hash', type: 'text' }) codeHash!: string;
  @Column({ type: 'text' }) state!: CodeState;
  /** Who it was allocated to (never changes: the per-participant limit counts it). */
  @Column({ name: 'allocated_to', type: 'text', nullable: true }) allocatedTo!: string | null;
  /** Who may use it now (the allocatee, or the one it was given to); null: whoever holds the code. */
  @Column({ type: 'text', nullable: true }) holder!: string | null;
  @Column({ name: 'transferred_at', type: 'timestamptz', nullable: true }) transferredAt!: Date | null;
  /** The last reservation (kept after a release, so a purchase made within the hold still finds it). */
  @Column({ name: 'reservation_id', type: 'uuid', nullable: true }) reservationId!: string | null;
  @Column({ name: 'reserved_by', type: 'text', nullable: true }) reservedBy!: string | null;
  @Column({ name: 'reserved_until', type: 'timestamptz', nullable: true }) reservedUntil!: Date | null;
  /** reserved_until while the hold is live; cleared when it is released, consumed or the code used (the release pass's index). */
  @Column({ name: 'hold_until', type: 'timestamptz', nullable: true }) holdUntil!: Date | null;
  @Column({ name: 'reserved_sku', type: 'text', nullable: true }) reservedSku!: string | null;
  @Column({ name: 'redeemed_by', type: 'text', nullable: true }) redeemedBy!: string | null;
  @Column({ name: 'redeemed_at', type: 'timestamptz', nullable: true }) redeemedAt!: Date | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export const CODE_EVENT_KINDS = ['issued', 'allocated', 'reserved', 'released', 'transferred', 'redeemed', 'expired'] as const;
export type CodeEventKind = (typeof CODE_EVENT_KINDS)[number];

/** A code's history, appended in the statement that moves it. */
@Entity('code_event')
@Index(['codeId', 'id'])
export class CodeEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'code_id', type: 'uuid' }) codeId!: string;
  @Column({ name: 'pool_id', type: 'uuid' }) poolId!: string;
  @Column({ type: 'text' }) kind!: CodeEventKind;
  @Column({ name: 'participant_ref', type: 'text', nullable: true }) participantRef!: string | null;
  @Column({ type: 'jsonb', nullable: true }) detail!: Record<string, unknown> | null;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}

/**
 * Every redemption, reservation and transfer attempt, good or bad (written in batches). No
 * code in clear: the first 8 hex digits of its keyed hash, enough to group attempts on one code.
 */
@Entity('code_attempt')
@Index(['workspaceId', 'at'])
export class CodeAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'participant_ref', type: 'text' }) participantRef!: string;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ name: 'hash_prefix', type: 'text', nullable: true }) hashPrefix!: string | null;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
}


