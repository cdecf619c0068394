import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DomainError } from '@lib/domain';
import { Metrics, runWithCorrelation } from '@lib/observability';
import { JobName } from '../contracts/jobs';
import { InvalidJobError, isJobName, validateJob } from '../contracts/validate-job';
import { HandlerMap, JobHandler } from './job-handler';
import { LostJobReporter } from './lost-job-reporter';

/**
 * One per queue. Validates the payload, then routes by job name to a handler; holds no
 * business logic. Unknown names throw a retryable error so a newer worker can take them.
 */
export abstract class RoutingProcessor<Names extends JobName> extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(this.constructor.name);

  protected constructor(
    private readonly queueName: string,
    private readonly handlers: HandlerMap<Names>,
    private readonly metrics: Metrics,
    private readonly concurrency: number,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.concurrency;
    // Without a listener BullMQ prints each error's stack to stderr (192 of them after one wipe).
    const reporter = new LostJobReporter(this.queueName, this.logger);
    this.worker.on('error', (err) => reporter.report(err));
  }

  async process(job: Job, token?: string): Promise<void> {
    const handler = this.handlerFor(job.name);
    const data = this.validate(job);
    const meta = { queue: this.queueName, name: job.name, jobId: job.id, attempt: job.attemptsMade + 1 };
    const stop = this.metrics.jobDuration.startTimer({ queue: this.queueName, name: job.name });
    await runWithCorrelation(data.correlationId, async () => {
      this.logger.debug({ ...meta, msg: 'job start' });
      try {
        // validateJob checked `data` against this job name's contract; the handler map pairs them.
        await handler.handle(data as never, { job, token });
        this.metrics.jobsProcessed.inc({ queue: this.queueName, name: job.name, result: 'ok' });
        this.logger.log({ ...meta, msg: 'job done' });
      } catch (err) {
        if (err instanceof DelayedError) throw err;
        this.metrics.jobsProcessed.inc({ queue: this.queueName, name: job.name, result: 'error' });
        this.logger.warn({ ...meta, msg: 'job failed', error: (err as Error).message });
        // Domain errors (deleted campaign, invalid config) will not heal by retrying.
        if (err instanceof DomainError) throw new UnrecoverableError(`${err.code}: ${err.message}`);
        throw err;
      } finally {
        stop();
      }
    });
  }

  private handlerFor(name: string): JobHandler<Names> {
    const handler = isJobName(name) ? (this.handlers as Record<string, JobHandler<Names>>)[name] : undefined;
    if (!handler) throw new Error(`no handler for job '${name}' on queue ${this.queueName}; a newer worker may know it`);
    return handler;
  }

  private validate(job: Job): { correlationId?: string } {
    try {
      return validateJob(job.name as JobName, job.data) as { correlationId?: string };
    } catch (err) {
      if (err instanceof InvalidJobError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }
}
