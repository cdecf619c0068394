import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for one process; each app exposes them at GET /metrics. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'canyu_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsIngested = new Counter({
    name: 'canyu_events_ingested_total',
    help: 'Events received by the ingest API, by outcome',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly jobsProcessed = new Counter({
    name: 'canyu_jobs_processed_total',
    help: 'Queue jobs finished, by queue, job name and result',
    labelNames: ['queue', 'name', 'result'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'canyu_job_duration_seconds',
    help: 'Queue job processing time',
    labelNames: ['queue', 'name'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });

  readonly sweptItems = new Counter({
    name: 'canyu_outbox_swept_total',
    help: 'Items the outbox sweeper re-enqueued because Redis had lost or never received them',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
  }
}
