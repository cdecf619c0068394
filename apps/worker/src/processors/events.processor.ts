import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { RouteEventHandler } from '../routing/route-event.handler';

@Processor(QueueName.Events)
export class EventsProcessor extends RoutingProcessor<'event.received'> {
  constructor(router: RouteEventHandler, metrics: Metrics, env: WorkerEnv) {
    super(QueueName.Events, { 'event.received': router }, metrics, env.WORKER_CONCURRENCY);
  }
}
