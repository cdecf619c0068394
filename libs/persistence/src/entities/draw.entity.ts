import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CanonicalEntrant, DrawState } from '@lib/domain';

/** A winner as stored: the published pseudonym and, never published, who it is. */
export interface DrawWinnerRecord {
  position: number;
  id: string;
  participantId: string;
}

/**
 * A verifiable draw (commit–reveal, docs/ARCHITECTURE.md "Verifiable draws"). The seed exists
 * only sealed (AES-256-GCM under DRAW_SEED_KEY) until the draw writes it to `seed_hex`.
 */
@Entity('draw')
@Unique('uq_draw_node_name', ['nodeId', 'name'])
@Index('ix_draw_campaign', ['workspaceId', 'campaignId', 'committedAt'])
@Check('ck_draw_state', `"state" IN ('committed', 'drawn')`)
@Check('ck_draw_winners_count', `"winners_count" > 0`)
export class DrawEntity {
  /** Chosen before the insert: the sealed seed is bound to it. */
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'node_id', type: 'uuid' }) nodeId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'winners_count', type: 'int' }) winnersCount!: number;
  @Column({ type: 'text', default: 'committed' }) state!: DrawState;
  @Column({ name: 'seed_sealed', type: 'text' }) seedSealed!: string;
  /** Null until the draw reveals it. */
  @Column({ name: 'seed_hex', type: 'text', nullable: true }) seedHex!: string | null;
  @Column({ type: 'text' }) commitment!: string;
  @Column({ name: 'committed_at', type: 'timestamptz' }) committedAt!: Date;
  @Column({ name: 'entrant_list', type: 'jsonb', nullable: true }) entrantList!: CanonicalEntrant[] | null;
  @Column({ name: 'entrant_list_hash', type: 'text', nullable: true }) entrantListHash!: string | null;
  @Column({ name: 'frozen_at', type: 'timestamptz', nullable: true }) frozenAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) winners!: DrawWinnerRecord[] | null;
  @Column({ name: 'drawn_at', type: 'timestamptz', nullable: true }) drawnAt!: Date | null;
}
