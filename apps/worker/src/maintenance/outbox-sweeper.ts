import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { JobName, JobProducer } from '@lib/queue';
import { SPREAD_TYPES_SQL } from '@lib/persistence';

interface Sweep {
  kind: string;
  job: JobName;
  /**
   * Returns workspace_id plus the id fields of the job payload, for rows whose work is
   * unfinished. Cutoffs: grace = now − SWEEP_GRACE_MS; stale = now − SWEEP_STALE_MS, for work
   * the fast path hands over in batch jobs (their ids differ from the single jobs offered here).
   */
  sql: string;
  /** Which cutoffs the query's $1 (and $2) are. */
  cutoffs: ('grace' | 'stale')[];
  payload: (row: Record<string, string>) => Record<string, string>;
}

const LIMIT = 1000;

// Each query finds work that Postgres says is owed but that may never have reached Redis
// (fast-path enqueue failed, Redis wiped, worker died between commit and enqueue).
// Re-enqueueing is safe: job ids de-duplicate and every handler is idempotent.
const SWEEPS: Sweep[] = [
  {
    kind: 'event',
    job: 'event.received',
    // Never offered (enqueue failed: enqueued_at NULL) after the grace, or offered so long ago
    // that Redis must have lost it.
    sql: `SELECT id, workspace_id FROM inbound_event
          WHERE processed_at IS NULL AND ((enqueued_at IS NULL AND received_at < $1) OR enqueued_at < $2)
          ORDER BY received_at LIMIT ${LIMIT}`,
    cutoffs: ['grace', 'stale'],
    payload: (r) => ({ eventId: r.id }),
  },
  {
    kind: 'activation',
    job: 'mechanic.node-activated',
    sql: `SELECT id, workspace_id FROM activity WHERE state = 'pending' AND created_at < $1 LIMIT ${LIMIT}`,
    cutoffs: ['grace'],
    payload: (r) => ({ activityId: r.id }),
  },
  {
    kind: 'mechanic-input',
    job: 'mechanic.input-received',
    sql: `SELECT id, workspace_id, addressed_activity_id FROM inbound_event
          WHERE addressed_activity_id IS NOT NULL AND mechanic_result IS NULL AND processed_at < $1 LIMIT ${LIMIT}`,
    cutoffs: ['grace'],
    payload: (r) => ({ eventId: r.id, activityId: r.addressed_activity_id }),
  },
  {
    kind: 'deadline',
    job: 'mechanic.deadline-reached',
    sql: `SELECT id, workspace_id FROM activity WHERE state = 'invited' AND deadline_at < $1 LIMIT ${LIMIT}`,
    cutoffs: ['grace'],
    payload: (r) => ({ activityId: r.id }),
  },
  {
    kind: 'message',
    job: 'outreach.send',
    sql: `SELECT id, workspace_id FROM outbound_message
          WHERE status = 'pending' AND created_at < $1 AND (deferred_until IS NULL OR deferred_until < $1) LIMIT ${LIMIT}`,
    cutoffs: ['grace'],
    payload: (r) => ({ messageId: r.id }),
  },
  {
    kind: 'spread',
    job: 'scoring.record-spread',
    sql: `SELECT id, workspace_id FROM inbound_event
          WHERE scored_at IS NULL AND type IN (${SPREAD_TYPES_SQL}) AND processed_at < $1
            AND (addressed_activity_id IS NULL OR mechanic_result IS NOT NULL) LIMIT ${LIMIT}`,
    cutoffs: ['stale'],
    payload: (r) => ({ eventId: r.id }),
  },
  {
    kind: 'credit',
    job: 'scoring.credit-spread',
    sql: `SELECT id, workspace_id FROM spread_event WHERE status = 'counted' AND credited_at IS NULL AND recorded_at < $1 LIMIT ${LIMIT}`,
    cutoffs: ['grace'],
    payload: (r) => ({ spreadEventId: r.id }),
  },
];

@Injectable()
export class OutboxSweeper {
  private readonly logger = new Logger(OutboxSweeper.name);

  constructor(
    private readonly db: DataSource,
    private readonly producer: JobProducer,
    private readonly env: WorkerEnv,
    private readonly metrics: Metrics,
  ) {}

  /** One pass; returns how many items each sweep re-enqueued. */
  async sweep(now = new Date()): Promise<Record<string, number>> {
    const cutoff = new Date(now.getTime() - this.env.SWEEP_GRACE_MS);
    const stale = new Date(now.getTime() - this.env.SWEEP_STALE_MS);
    const counts: Record<string, number> = {};
    for (const sweep of SWEEPS) {
      const rows: Record<string, string>[] = await this.db.query(sweep.sql, sweep.cutoffs.map((c) => (c === 'grace' ? cutoff : stale)));
      let stuck = 0;
      for (const row of rows) {
        // The table pairs each job name with its payload builder; TS cannot follow that pairing.
        const result = await this.producer.requeue(sweep.job, { workspaceId: row.workspace_id, ...sweep.payload(row) } as never);
        if (result === 'unrecoverable') stuck += 1;
      }
      if (stuck > 0) this.logger.error({ msg: 'owed work whose job failed as unrecoverable; see the failed set', kind: sweep.kind, stuck });
      if (sweep.kind === 'event' && rows.length > 0) {
        await this.db.query('UPDATE inbound_event SET enqueued_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      }
      counts[sweep.kind] = rows.length;
      if (rows.length > 0) this.metrics.sweptItems.inc({ kind: sweep.kind }, rows.length);
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.warn({ msg: 'sweeper re-enqueued owed work', ...counts });
    return counts;
  }
}
