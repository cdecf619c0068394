import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the last maintenance pass did (or why it failed); shown by /health. */
export interface HeartbeatPass {
  at: string;
  ms?: number;
  /** True when the pass re-offered every owed row because Redis had lost its contents. */
  full?: boolean;
  offered?: Record<string, number>;
  /** Ledger reservations released because their hold ended. */
  released?: number;
  /** Invite-code reservations released (hold ended) and unused codes expired. */
  codes?: { released: number; expired: number };
  error?: string;
}

/**
 * One row per periodic duty of the worker ('sweeper'; 'circles' for the fan-circle rule passes). Whichever replica holds the
 * sweep lock writes it after each pass, so /health can tell when no sweep has run for a while.
 */
@Entity('worker_heartbeat')
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ type: 'text' }) name!: string;
  /** End of the last pass that completed. */
  @Column({ name: 'beat_at', type: 'timestamptz' }) beatAt!: Date;
  /** The interval the writing worker sweeps at, so readers need not share its config. */
  @Column({ name: 'interval_ms', type: 'int' }) intervalMs!: number;
  /** host:pid of the replica that wrote the row. */
  @Column({ type: 'text' }) instance!: string;
  @Column({ name: 'last_pass', type: 'jsonb', default: () => "'{}'" }) lastPass!: HeartbeatPass;
}
