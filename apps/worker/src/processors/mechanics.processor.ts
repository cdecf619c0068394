import { Processor } from '@nestjs/bullmq';
import { WorkerEnv } from '@lib/config';
import { Metrics } from '@lib/observability';
import { QueueName, RoutingProcessor } from '@lib/queue';
import { ActivateHandler, DeadlineHandler, InputHandler, LegacyInputHandler } from '../mechanics/mechanic-runner';
import { PhaseHandler } from '../mechanics/node-phases';
import { ReviewHandler } from '../mechanics/review-handler';

type MechanicJobs = 'mechanic.node-activated' | 'mechanic.input-received' | 'mechanic.input' | 'mechanic.deadline-reached' | 'mechanic.phase-due' | 'mechanic.review';

@Processor(QueueName.Mechanics)
export class MechanicsProcessor extends RoutingProcessor<MechanicJobs> {
  constructor(
    activate: ActivateHandler,
    legacyInput: LegacyInputHandler,
    input: InputHandler,
    deadline: DeadlineHandler,
    phase: PhaseHandler,
    review: ReviewHandler,
    metrics: Metrics,
    env: WorkerEnv,
  ) {
    const handlers = { 'mechanic.node-activated': activate, 'mechanic.input-received': legacyInput, 'mechanic.input': input, 'mechanic.deadline-reached': deadline };
    super(
      QueueName.Mechanics,
      { ...handlers, 'mechanic.phase-due': phase, 'mechanic.review': review },
      metrics,
      env.WORKER_CONCURRENCY,
    );
  }
}
