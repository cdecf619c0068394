import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { AnalyseHandler } from '../mechanics/analysis';

/** Slow analysis steps on their own queue and concurrency, so they never hold up routing. */
@Processor(QueueName.Analysis)
export class AnalysisProcessor extends RoutingProcessor<'mechanic.analyse'> {
  constructor(analyse: AnalyseHandler, metrics: Metrics, env: WorkerEnv) {
    super(QueueName.Analysis, { 'mechanic.analyse': analyse }, metrics, env.ANALYSIS_CONCURRENCY);
  }
}
