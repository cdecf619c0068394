import { Processor } from '@nestjs/bullmq';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { SweepHandler } from '../maintenance/sweep.handler';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends RoutingProcessor<'maintenance.sweep'> {
  constructor(sweep: SweepHandler, metrics: Metrics) {
    // One at a time: overlapping sweeps would only enqueue the same work twice.
    super(QueueName.Maintenance, { 'maintenance.sweep': sweep }, metrics, 1);
  }
}
