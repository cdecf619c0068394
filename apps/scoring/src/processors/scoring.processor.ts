import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { CreditSpreadHandler, RecordSpreadBatchHandler, RecordSpreadHandler } from '../spread/spread.handlers';

@Processor(QueueName.Scoring)
export class ScoringProcessor extends RoutingProcessor<'scoring.record-spread' | 'scoring.record-spread-batch' | 'scoring.credit-spread'> {
  constructor(record: RecordSpreadHandler, batch: RecordSpreadBatchHandler, credit: CreditSpreadHandler, metrics: Metrics, env: WorkerEnv) {
    super(
      QueueName.Scoring,
      { 'scoring.record-spread': record, 'scoring.record-spread-batch': batch, 'scoring.credit-spread': credit },
      metrics,
      env.WORKER_CONCURRENCY,
    );
  }
}
