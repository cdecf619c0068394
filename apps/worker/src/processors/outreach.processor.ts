import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { SendMessageHandler } from '../outreach/send-message.handler';

@Processor(QueueName.Outreach)
export class OutreachProcessor extends RoutingProcessor<'outreach.send'> {
  constructor(sender: SendMessageHandler, metrics: Metrics, env: WorkerEnv) {
    super(QueueName.Outreach, { 'outreach.send': sender }, metrics, env.WORKER_CONCURRENCY);
  }
}
