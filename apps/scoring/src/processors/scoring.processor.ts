import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { CreditSpreadHandler, RecordSpreadHandler } from '../spread/spread.handlers';

@Processor(QueueName.Scoring)
export class ScoringProcessor extends RoutingProcessor<'scoring.record-spread' | 'scoring.credit-spread'> {
  constructor(record: RecordSpreadHandler, credit: CreditSpreadHandler, metrics: Metrics, env: WorkerEnv) {
    super(QueueName.Scoring, { 'scoring.record-spread': record, 'scoring.credit-spread': credit }, metrics, env.WORKER_CONCURRENCY);
  }
}
