import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** waitlisted → admitted (holds a seat) → released (left the ring; the seat is free again). */
export type AdmissionState = 'waitlisted' | 'admitted' | 'released';

/** A participant's request to join a gated ring; the waitlist is ordered by (requested_at, id). */
@Entity('circle_admission')
@Unique('uq_circle_admission', ['ringId', 'participantId'])
@Index('ix_circle_admission_queue', ['ringId', 'state', 'requestedAt', 'id'])
export class CircleAdmissionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'ring_id', type: 'uuid' }) ringId!: string;
  @Column({ name: 'participant_id', type: 'uuid' }) participantId!: string;
  /** Business time of the request: the waitlist order. */
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt!: Date;
  @Column({ type: 'text' }) state!: AdmissionState;
  /** A promotion rule's reason when the rule asked for the seat (the move records it); null for a request through the API. */
  @Column({ type: 'text', nullable: true }) via!: string | null;
  @Column({ name: 'admitted_at', type: 'timestamptz', nullable: true }) admittedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
