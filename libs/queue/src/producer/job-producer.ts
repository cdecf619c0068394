import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { currentCorrelationId } from '@lib/observability';
import { JOB_CONTRACTS, JobData, JobName } from '../contracts/jobs';
import { QueueName } from '../queue-names';
import { jobOptionsFor } from './job-options';

type Payload<N extends JobName> = Omit<JobData<N>, 'v' | 'correlationId'> & { correlationId?: string };

/** The only way to add a job: typed by name, stamped with version and correlation id. */
@Injectable()
export class JobProducer {
  private readonly queues: Record<QueueName, Queue>;

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
  }

  async enqueue<N extends JobName>(name: N, payload: Payload<N>, extra: { delayMs?: number } = {}): Promise<void> {
    const data = { ...payload, v: 1, correlationId: payload.correlationId ?? currentCorrelationId() } as JobData<N>;
    const options = jobOptionsFor(name, data);
    if (extra.delayMs && extra.delayMs > 0) options.delay = extra.delayMs;
    // queue.add, not addBulk: only add honours jobId de-duplication reliably.
    await this.queues[JOB_CONTRACTS[name].queue].add(name, data, options);
  }

  async enqueueMany<N extends JobName>(name: N, payloads: Payload<N>[]): Promise<void> {
    await Promise.all(payloads.map((p) => this.enqueue(name, p)));
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
