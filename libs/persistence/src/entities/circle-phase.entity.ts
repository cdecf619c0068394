import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Seed gating: from `opensAt` a ring admits `seats` more members. A ring with no phase is open to all. */
@Entity('circle_phase')
@Unique('uq_circle_phase_opens', ['ringId', 'opensAt'])
@Check('ck_circle_phase_seats', 'seats >= 0')
export class CirclePhaseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'ring_id', type: 'uuid' }) ringId!: string;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt!: Date;
  @Column({ type: 'int' }) seats!: number;
}
