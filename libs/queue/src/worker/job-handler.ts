import { Job } from 'bullmq';
import { JobData, JobName } from '../contracts/jobs';

/** Context a handler may need beyond its payload (to defer itself, for instance). */
export interface JobRun {
  job: Job;
  token?: string;
}

/** Handles one job name. Must be idempotent: BullMQ delivers at least once. */
export interface JobHandler<N extends JobName> {
  handle(data: JobData<N>, run: JobRun): Promise<void>;
}

export type HandlerMap<Names extends JobName> = { [N in Names]: JobHandler<N> };
