import { hostname } from 'node:os';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { CirclePasses } from '@lib/circles';
import { WorkerEnv } from '@lib/config';
import { CodeReservations } from '@lib/codes';
import { Ledger } from '@lib/ledger';
import { HeartbeatPass } from '@lib/persistence';
import { JobProducer, QueueLossMarker, QueueName } from '@lib/queue';
import { CampaignClock } from './campaign-clock';
import { OutboxSweeper } from './outbox-sweeper';
import { PhaseScheduler } from '../mechanics/node-phases';

/** The BullMQ job scheduler that drove sweeps before; removed on boot (upgrades). */
const LEGACY_SCHEDULER_ID = 'maintenance-sweep';
/** One sweeper at a time across replicas: a transaction-scoped advisory lock per pass. */
const LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('canyu:maintenance-pass')) AS locked`;
const HEARTBEAT = 'sweeper';

export type PassResult = { ran: false } | ({ ran: true } & HeartbeatPass);

/**
 * Runs the campaign clock, the node phase scheduler and the outbox sweeper (then starts the fan-circle passes beside them) every SWEEP_INTERVAL_MS from this process's
 * own timer, so recovery never depends on what Redis holds (a Redis-held schedule vanishes
 * with the data it is meant to heal). Passes never overlap in a process (the next is timed
 * from the end of the last) and, under a Postgres advisory lock, one replica sweeps at a time.
 * Each pass first checks the queue-loss marker: when Redis has lost its contents it re-offers
 * all owed work at once; otherwise it runs the normal sweep. Each pass is recorded in
 * worker_heartbeat, which /health reads.
 */
@Injectable()
export class MaintenanceLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceLoop.name);
  private readonly instance = `${hostname()}:${process.pid}`;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<PassResult> | null = null;
  private circlesInFlight: Promise<void> | null = null;
  private stopped = false;
  private lastFailureLog = 0;

  constructor(
    private readonly db: DataSource,
    private readonly sweeper: OutboxSweeper,
    private readonly clock: CampaignClock,
    private readonly phases: PhaseScheduler,
    private readonly marker: QueueLossMarker,
    private readonly producer: JobProducer,
    private readonly env: WorkerEnv,
    private readonly ledger: Ledger,
    private readonly codes: CodeReservations,
    private readonly circles: CirclePasses,
  ) {}

  onApplicationBootstrap(): void {
    void this.removeLegacySchedule();
    this.scheduleNext();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Let a pass in flight finish before the connections close, but do not hang shutdown on it.
    const running = [this.inFlight?.catch(() => undefined), this.circlesInFlight].filter(Boolean);
    if (running.length) await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 5_000).unref())]);
  }

  /** One pass now; a call while a pass runs joins that pass instead of starting another. */
  runOnce(): Promise<PassResult> {
    this.inFlight ??= this.pass().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    // A failed pass is logged and recorded by pass(); the loop just carries on.
    this.timer = setTimeout(() => void this.runOnce().catch(() => undefined).finally(() => this.scheduleNext()), this.env.SWEEP_INTERVAL_MS);
  }

  private async pass(): Promise<PassResult> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const [{ locked }] = await runner.query(LOCK_SQL);
      if (!locked) {
        await runner.rollbackTransaction();
        return { ran: false };
      }
      return await this.locked(runner);
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await this.recordFailure(err as Error);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async locked(runner: QueryRunner): Promise<PassResult> {
    const started = Date.now();
    await this.clock.tick();
    await this.phases.sync();
    const full = !(await this.marker.isIntact());
    let offered: Record<string, number>;
    if (full) {
      await this.marker.beginRebuild();
      offered = await this.sweeper.reofferAll();
      const confirmed = await this.marker.confirmRebuilt();
      this.logger.warn({
        msg: 'queue marker missing (Redis lost its contents, or first start): re-offered all owed work',
        ...offered,
        ms: Date.now() - started,
        ...(confirmed ? {} : { note: 'marker vanished during the re-offer; the next pass repeats it' }),
      });
    } else {
      offered = await this.sweeper.sweep();
    }
    const released = await this.releaseExpiredReservations();
    const codes = await this.releaseCodeHolds();
    const pass: HeartbeatPass = { at: new Date().toISOString(), ms: Date.now() - started, full, offered, released, codes };
    await runner.query(
      `INSERT INTO worker_heartbeat (name, beat_at, interval_ms, instance, last_pass) VALUES ($1, now(), $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET beat_at = now(), interval_ms = $2, instance = $3, last_pass = $4`,
      [HEARTBEAT, this.env.SWEEP_INTERVAL_MS, this.instance, pass],
    );
    await runner.commitTransaction();
    this.startCirclePasses();
    return { ran: true, ...pass };
  }

  /** Reservations past their hold go back to stock and budget (at most 1000 a pass); a failure must not stop the sweep. */
  private async releaseExpiredReservations(): Promise<number> {
    try {
      return await this.ledger.releaseExpired(new Date(), 1000);
    } catch (err) {
      this.logger.warn({ msg: 'releasing expired ledger reservations failed; retrying next pass', error: (err as Error).message });
      return 0;
    }
  }

  /** Code reservations whose hold ended go back to their holder; unused codes past expiry become expired. */
  private async releaseCodeHolds(): Promise<{ released: number; expired: number }> {
    try {
      const now = new Date();
      return { released: await this.codes.releaseExpired(now, 1000), expired: await this.codes.expireDue(now, 5000) };
    } catch (err) {
      this.logger.warn({ msg: 'releasing code reservations failed; retrying next pass', error: (err as Error).message });
      return { released: 0, expired: 0 };
    }
  }

  /**
   * Fan circles (waitlists into open seats, promotion and demotion rules) run beside the sweep,
   * not inside it: a long rule pass must not hold back the sweeper's heartbeat. One at a time in
   * this process; across replicas under their own advisory lock. A failure is retried next pass.
   */
  private startCirclePasses(): void {
    if (this.circlesInFlight || this.stopped) return;
    this.circlesInFlight = this.circles
      .runScheduled(new Date(), this.instance)
      .then(
        () => undefined,
        (err: Error) => this.logger.warn({ msg: 'fan circle pass failed; retrying next pass', error: err.message }),
      )
      .finally(() => (this.circlesInFlight = null));
  }

  private async recordFailure(err: Error): Promise<void> {
    if (Date.now() - this.lastFailureLog > 30_000) {
      this.lastFailureLog = Date.now();
      this.logger.warn({ msg: 'maintenance pass failed; retrying every interval', error: err.message });
    }
    const pass: HeartbeatPass = { at: new Date().toISOString(), error: err.message.slice(0, 300) };
    // beat_at stays: it is the last pass that completed, which is what /health judges.
    await this.db.query('UPDATE worker_heartbeat SET last_pass = $2, instance = $3 WHERE name = $1', [HEARTBEAT, pass, this.instance]).catch(() => undefined);
  }

  private async removeLegacySchedule(): Promise<void> {
    try {
      const queue = this.producer.queue(QueueName.Maintenance);
      if (await queue.removeJobScheduler(LEGACY_SCHEDULER_ID)) this.logger.log({ msg: 'removed the legacy maintenance job scheduler' });
      // Completed sweep jobs were never removed (the scheduler template had no retention).
      await queue.clean(0, 100_000, 'completed');
    } catch (err) {
      this.logger.warn({ msg: 'could not remove the legacy maintenance schedule', error: (err as Error).message });
    }
  }
}
