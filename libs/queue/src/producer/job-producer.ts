import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { currentCorrelationId } from '@lib/observability';
import { JOB_CONTRACTS, JobData, JobName } from '../contracts/jobs';
import { QueueName } from '../queue-names';
import { chunked } from './chunked';
import { jobOptionsFor } from './job-options';

type Payload<N extends JobName> = Omit<JobData<N>, 'v' | 'correlationId'> & { correlationId?: string };

export type RequeueResult = 'added' | 'retried' | 'present' | 'unrecoverable';
export type RequeueSummary = Record<RequeueResult, number>;

/** Jobs whose state is read in one pipelined round trip. */
const REQUEUE_CHUNK = 1000;

/** The only way to add a job: typed by name, stamped with version and correlation id. */
@Injectable()
export class JobProducer {
  private readonly queues: Record<QueueName, Queue>;
  private readonly logger = new Logger(JobProducer.name);
  private lastErrorLog = 0;

  constructor(
    @InjectQueue(QueueName.Events) events: Queue,
    @InjectQueue(QueueName.Mechanics) mechanics: Queue,
    @InjectQueue(QueueName.Outreach) outreach: Queue,
    @InjectQueue(QueueName.Scoring) scoring: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    @InjectQueue(QueueName.Analysis) analysis: Queue,
  ) {
    this.queues = {
      [QueueName.Events]: events,
      [QueueName.Mechanics]: mechanics,
      [QueueName.Outreach]: outreach,
      [QueueName.Scoring]: scoring,
      [QueueName.Maintenance]: maintenance,
      [QueueName.Analysis]: analysis,
    };
    // Connection errors repeat on every reconnect attempt: log them, at most every 30 s.
    for (const queue of Object.values(this.queues)) {
      queue.on('error', (err) => {
        if (Date.now() - this.lastErrorLog < 30_000) return;
        this.lastErrorLog = Date.now();
        this.logger.warn({ msg: 'queue connection error; work stays in Postgres until Redis is back', queue: queue.name, error: err.message });
      });
    }
  }

  async enqueue<N extends JobName>(name: N, payload: Payload<N>, extra: { delayMs?: number } = {}): Promise<void> {
    const data = this.stamp(payload);
    const options = jobOptionsFor(name, data);
    if (extra.delayMs && extra.delayMs > 0) options.delay = extra.delayMs;
    await this.queues[JOB_CONTRACTS[name].queue].add(name, data, options);
  }

  /**
   * One round trip for many jobs. BullMQ's addBulk runs the same add script per job, so a
   * jobId already in Redis is skipped exactly as with add (checked in the integration suite).
   */
  async enqueueMany<N extends JobName>(name: N, payloads: Payload<N>[]): Promise<void> {
    if (payloads.length === 0) return;
    const jobs = payloads.map((p) => {
      const data = this.stamp(p);
      return { name, data, opts: jobOptionsFor(name, data) };
    });
    await this.queues[JOB_CONTRACTS[name].queue].addBulk(jobs);
  }

  /**
   * Work on many events of one workspace: one batch job per chunk of up to 1000 ids (handlers
   * work set-wise), or the single-event job for a lone id; all chunks in one round trip.
   */
  async enqueueForEvents(step: 'route' | 'score', workspaceId: string, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    const single = step === 'route' ? 'event.received' : 'scoring.record-spread';
    const batch = step === 'route' ? 'event.batch-received' : 'scoring.record-spread-batch';
    const jobs = chunked(eventIds).map((chunk) => {
      const name = chunk.length === 1 ? single : batch;
      // The single and batch contracts of both steps are { workspaceId, eventId(s) }.
      const data = this.stamp((chunk.length === 1 ? { workspaceId, eventId: chunk[0] } : { workspaceId, eventIds: chunk }) as never) as never;
      return { name, data, opts: jobOptionsFor(name, data) };
    });
    await this.queues[JOB_CONTRACTS[single].queue].addBulk(jobs);
  }

  /** One job; see requeueMany. */
  async requeue<N extends JobName>(name: N, payload: Payload<N>): Promise<RequeueResult> {
    const summary = await this.requeueMany(name, [payload]);
    return (Object.keys(summary) as RequeueResult[]).find((k) => summary[k] > 0)!;
  }

  /**
   * For the outbox sweeper: offers owed work again even when Redis still holds an old job
   * under the same id. A job that failed after all its attempts (say, Postgres was down) is
   * retried; one that completed although the work is still owed is replaced; one failed as
   * unrecoverable is left in the failed set for an operator, and reported as such; one still
   * waiting, delayed or running is left alone ('present'). All in pipelined round trips.
   */
  async requeueMany<N extends JobName>(name: N, payloads: Payload<N>[]): Promise<RequeueSummary> {
    const summary: RequeueSummary = { added: 0, retried: 0, present: 0, unrecoverable: 0 };
    const queue = this.queues[JOB_CONTRACTS[name].queue];
    for (const chunk of chunked(payloads, REQUEUE_CHUNK)) {
      const jobs = chunk.map((p) => {
        const data = this.stamp(p);
        return { name, data, opts: jobOptionsFor(name, data) };
      });
      // ioredis pipelines concurrent commands on one connection: one round trip per chunk.
      const states = await Promise.all(jobs.map((j) => (j.opts.jobId ? queue.getJobState(j.opts.jobId) : 'unknown')));
      const toAdd: typeof jobs = [];
      await Promise.all(
        jobs.map(async (job, i) => {
          const state = states[i];
          if (state === 'failed') {
            const existing = await queue.getJob(job.opts.jobId!);
            if (existing && existing.attemptsMade < (existing.opts.attempts ?? 1)) return void summary.unrecoverable++;
            if (existing) {
              await existing.retry('failed');
              return void summary.retried++;
            }
          } else if (state === 'completed') {
            await queue.remove(job.opts.jobId!);
          } else if (state !== 'unknown') {
            return void summary.present++;
          } else if (job.opts.jobId && (await queue.getJob(job.opts.jobId))) {
            // In no list yet still stored (a partial loss kept the hash): add would see the id and
            // skip it forever, so the orphan goes first. A locked one is running: leave it.
            if (!(await queue.remove(job.opts.jobId).catch(() => 0))) return void summary.present++;
          }
          toAdd.push(job);
        }),
      );
      if (toAdd.length > 0) await queue.addBulk(toAdd);
      summary.added += toAdd.length;
    }
    return summary;
  }

  private stamp<N extends JobName>(payload: Payload<N>): JobData<N> {
    return { ...payload, v: 1, correlationId: payload.correlationId ?? currentCorrelationId() } as JobData<N>;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
