import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { RouteBatchHandler, RouteEventHandler } from '../routing/route-event.handler';

@Processor(QueueName.Events)
export class EventsProcessor extends RoutingProcessor<'event.received' | 'event.batch-received'> {
  constructor(single: RouteEventHandler, batch: RouteBatchHandler, metrics: Metrics, env: WorkerEnv) {
    super(QueueName.Events, { 'event.received': single, 'event.batch-received': batch }, metrics, env.WORKER_CONCURRENCY);
  }
}
