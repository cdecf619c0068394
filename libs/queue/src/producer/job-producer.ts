import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { currentCorrelationId } from '@lib/observability';
import { JOB_CONTRACTS, JobData, JobName } from '../contracts/jobs';
import { QueueName } from '../queue-names';
import { chunked } from './chunked';
import { jobOptionsFor } from './job-options';

type Payload<N extends JobName> = Omit<JobData<N>, 'v' | 'correlationId'> & { correlationId?: string };

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
  ) {
    this.queues = {
      [QueueName.Events]: events,
      [QueueName.Mechanics]: mechanics,
      [QueueName.Outreach]: outreach,
      [QueueName.Scoring]: scoring,
      [QueueName.Maintenance]: maintenance,
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
   * Work on many events of one workspace: one batch job per chunk (handlers work set-wise),
   * or the single-event job when there is only one.
   */
  async enqueueForEvents(step: 'route' | 'score', workspaceId: string, eventIds: string[]): Promise<void> {
    for (const chunk of chunked(eventIds)) {
      if (step === 'route') {
        if (chunk.length === 1) await this.enqueue('event.received', { workspaceId, eventId: chunk[0] });
        else await this.enqueue('event.batch-received', { workspaceId, eventIds: chunk });
      } else if (chunk.length === 1) await this.enqueue('scoring.record-spread', { workspaceId, eventId: chunk[0] });
      else await this.enqueue('scoring.record-spread-batch', { workspaceId, eventIds: chunk });
    }
  }

  /**
   * For the outbox sweeper: offers owed work again even when Redis still holds an old job
   * under the same id. A job that failed after all its attempts (say, Postgres was down) is
   * retried; one that completed although the work is still owed is replaced; one failed as
   * unrecoverable is left in the failed set for an operator, and reported as such.
   */
  async requeue<N extends JobName>(name: N, payload: Payload<N>): Promise<'added' | 'retried' | 'unrecoverable'> {
    const data = this.stamp(payload);
    const options = jobOptionsFor(name, data);
    const queue = this.queues[JOB_CONTRACTS[name].queue];
    const existing = options.jobId ? await queue.getJob(options.jobId) : undefined;
    if (existing && (await existing.isFailed())) {
      if (existing.attemptsMade < (existing.opts.attempts ?? 1)) return 'unrecoverable';
      await existing.retry('failed');
      return 'retried';
    }
    if (existing && (await existing.isCompleted())) await existing.remove();
    await queue.add(name, data, options);
    return 'added';
  }

  private stamp<N extends JobName>(payload: Payload<N>): JobData<N> {
    return { ...payload, v: 1, correlationId: payload.correlationId ?? currentCorrelationId() } as JobData<N>;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
