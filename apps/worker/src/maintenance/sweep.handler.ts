import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { WorkerEnv } from '@lib/config';
import { JobHandler, JobProducer, QueueName } from '@lib/queue';
import { CampaignClock } from './campaign-clock';
import { OutboxSweeper } from './outbox-sweeper';

const SCHEDULER_ID = 'maintenance-sweep';

/** A repeating BullMQ job (one schedule shared by all worker replicas) runs the sweeps. */
@Injectable()
export class SweepHandler implements JobHandler<'maintenance.sweep'>, OnApplicationBootstrap {
  constructor(
    private readonly sweeper: OutboxSweeper,
    private readonly clock: CampaignClock,
    private readonly producer: JobProducer,
    private readonly env: WorkerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer
      .queue(QueueName.Maintenance)
      .upsertJobScheduler(SCHEDULER_ID, { every: this.env.SWEEP_INTERVAL_MS }, { name: 'maintenance.sweep', data: { v: 1 } });
  }

  async handle(): Promise<void> {
    await this.clock.tick();
    await this.sweeper.sweep();
  }
}
