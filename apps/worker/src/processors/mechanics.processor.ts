import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { ActivateHandler, DeadlineHandler, InputHandler } from '../mechanics/mechanic-runner';

type MechanicJobs = 'mechanic.node-activated' | 'mechanic.input-received' | 'mechanic.deadline-reached';

@Processor(QueueName.Mechanics)
export class MechanicsProcessor extends RoutingProcessor<MechanicJobs> {
  constructor(activate: ActivateHandler, input: InputHandler, deadline: DeadlineHandler, metrics: Metrics, env: WorkerEnv) {
    super(
      QueueName.Mechanics,
      { 'mechanic.node-activated': activate, 'mechanic.input-received': input, 'mechanic.deadline-reached': deadline },
      metrics,
      env.WORKER_CONCURRENCY,
    );
  }
}
