import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { JobName, JobProducer } from '@lib/queue';
import { OWED_WORK, OwedKind, OwedWork, owedBefore } from '@lib/persistence';

type Row = Record<string, string>;
// Payload builders may carry numbers (an input's revision) as well as ids.
type Payload = Record<string, string | number | boolean>;

interface Plan {
  /** The per-row job the normal path offers (its id makes requeue semantics possible). */
  job: JobName;
  payload: (row: Row) => Payload;
  /**
   * Which cutoff the normal path uses: grace = now − SWEEP_GRACE_MS; stale = now −
   * SWEEP_STALE_MS, for work the fast path hands over in batch jobs (their ids differ from the
   * per-row jobs offered here, so only work older than any healthy backlog is offered twice).
   */
  cutoff: 'grace' | 'stale';
  /** Work the batch jobs take (up to 1000 ids each; the handlers are set-wise). */
  batch?: 'route' | 'score';
}

const PLANS: Record<OwedKind, Plan> = {
  event: { job: 'event.received', payload: (r) => ({ eventId: r.id }), cutoff: 'grace', batch: 'route' },
  activation: { job: 'mechanic.node-activated', payload: (r) => ({ activityId: r.id }), cutoff: 'grace' },
  'mechanic-input': { job: 'mechanic.input', payload: (r) => ({ inputId: r.id, revision: Number(r.revision) }), cutoff: 'grace' },
  analysis: { job: 'mechanic.analyse', payload: (r) => ({ inputId: r.id }), cutoff: 'grace' },
  phase: { job: 'mechanic.phase-due', payload: (r) => ({ phaseId: r.id }), cutoff: 'grace' },
  review: { job: 'mechanic.review', payload: (r) => ({ reviewId: r.id }), cutoff: 'grace' },
  deadline: { job: 'mechanic.deadline-reached', payload: (r) => ({ activityId: r.id }), cutoff: 'grace' },
  message: { job: 'outreach.send', payload: (r) => ({ messageId: r.id }), cutoff: 'grace' },
  spread: { job: 'scoring.record-spread', payload: (r) => ({ eventId: r.id }), cutoff: 'stale', batch: 'score' },
  verdict: { job: 'scoring.record-spread', payload: (r) => ({ eventId: r.id, afterVerdict: true, revision: Number(r.revision) }), cutoff: 'grace' },
  credit: { job: 'scoring.credit-spread', payload: (r) => ({ spreadEventId: r.id }), cutoff: 'grace' },
};

/** Rows per kind per normal pass, and per page of a full re-offer. */
const PAGE = 5000;

const columns = (w: OwedWork) => ['id', 'workspace_id', ...(w.columns ?? [])].join(', ');

/**
 * Finds work Postgres says is owed but Redis may not hold (fast-path enqueue failed, worker
 * died between commit and enqueue, Redis lost its contents) and offers it again. Offering
 * twice is safe: job ids de-duplicate and every handler is idempotent.
 */
@Injectable()
export class OutboxSweeper {
  private readonly logger = new Logger(OutboxSweeper.name);

  constructor(
    private readonly db: DataSource,
    private readonly producer: JobProducer,
    private readonly env: WorkerEnv,
    private readonly metrics: Metrics,
  ) {}

  /**
   * The normal pass: per kind, up to PAGE rows owed for longer than the kind's cutoff, offered
   * through requeueMany (retry a job failed after all attempts, replace a completed one, leave
   * an unrecoverable one and report it). Returns how many rows each kind offered.
   */
  async sweep(now = new Date()): Promise<Record<OwedKind, number>> {
    const cutoffs = { grace: new Date(now.getTime() - this.env.SWEEP_GRACE_MS), stale: new Date(now.getTime() - this.env.SWEEP_STALE_MS) };
    const counts = {} as Record<OwedKind, number>;
    for (const w of OWED_WORK) {
      const plan = PLANS[w.kind];
      // Events the fast path did offer are owed again only once stale; never-offered ones after the grace.
      const offered = w.kind === 'event' ? ' AND (enqueued_at IS NULL OR enqueued_at < $2)' : '';
      const params = w.kind === 'event' ? [cutoffs.grace, cutoffs.stale] : [cutoffs[plan.cutoff]];
      const rows: Row[] = await this.db.query(
        `SELECT ${columns(w)} FROM ${w.table} WHERE ${owedBefore(w, '$1')}${offered} ORDER BY ${w.since} LIMIT ${PAGE}`,
        params,
      );
      // The table pairs each job name with its payload builder; TS cannot follow that pairing.
      const payloads = rows.map((r) => ({ workspaceId: r.workspace_id, ...plan.payload(r) })) as never[];
      const summary = await this.producer.requeueMany(plan.job, payloads);
      if (summary.unrecoverable > 0) {
        this.logger.error({ msg: 'owed work whose job failed as unrecoverable; see the failed set', kind: w.kind, stuck: summary.unrecoverable });
      }
      await this.offered(w.kind, rows);
      counts[w.kind] = rows.length;
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.warn({ msg: 'sweeper re-enqueued owed work', ...counts });
    return counts;
  }

  /**
   * After Redis lost its contents: every owed row, whatever its age, page by page, in bulk
   * (batch jobs for routing and recording, addBulk for per-row jobs). Deadlines and deferred
   * messages are owed only once due; until then Postgres holds them and a later pass offers them.
   */
  async reofferAll(now = new Date()): Promise<Record<OwedKind, number>> {
    const counts = {} as Record<OwedKind, number>;
    for (const w of OWED_WORK) {
      counts[w.kind] = 0;
      // Keyset paging; `since` travels as text because a JS Date would drop its microseconds.
      let after: { since: string; id: string } | null = null;
      for (;;) {
        const page: Row[] = await this.db.query(
          `SELECT ${columns(w)}, ${w.since}::text AS page_since FROM ${w.table}
           WHERE ${owedBefore(w, '$1')}${after ? ` AND (${w.since}, id) > ($2::timestamptz, $3::uuid)` : ''}
           ORDER BY ${w.since}, id LIMIT ${PAGE}`,
          after ? [now, after.since, after.id] : [now],
        );
        if (page.length === 0) break;
        await this.offerInBulk(w.kind, page);
        await this.offered(w.kind, page);
        counts[w.kind] += page.length;
        const last = page[page.length - 1];
        after = { since: last.page_since, id: last.id };
        if (page.length < PAGE) break;
      }
    }
    return counts;
  }

  private async offerInBulk(kind: OwedKind, rows: Row[]): Promise<void> {
    const plan = PLANS[kind];
    if (plan.batch) {
      const byWorkspace = new Map<string, string[]>();
      for (const r of rows) {
        const ids = byWorkspace.get(r.workspace_id) ?? [];
        ids.push(r.id);
        byWorkspace.set(r.workspace_id, ids);
      }
      await Promise.all([...byWorkspace].map(([ws, ids]) => this.producer.enqueueForEvents(plan.batch!, ws, ids)));
      return;
    }
    await this.producer.enqueueMany(plan.job, rows.map((r) => ({ workspaceId: r.workspace_id, ...plan.payload(r) })) as never[]);
  }

  private async offered(kind: OwedKind, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    if (kind === 'event') await this.db.query('UPDATE inbound_event SET enqueued_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
    this.metrics.sweptItems.inc({ kind }, rows.length);
  }
}
