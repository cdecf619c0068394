import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { JOB_CONTRACTS, JobData, JobName } from './jobs';

export class InvalidJobError extends Error {
  constructor(name: string, problems: string[]) {
    super(`job ${name} has an invalid payload: ${problems.join('; ')}`);
    this.name = 'InvalidJobError';
  }
}

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOB_CONTRACTS, name);
}

/** Redis keeps payloads across deploys, so every job is checked against its contract on arrival. */
export function validateJob<N extends JobName>(name: N, data: unknown): JobData<N> {
  const instance = plainToInstance(JOB_CONTRACTS[name].payload, data ?? {}) as JobData<N>;
  const errors = validateSync(instance as object, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidJobError(name, errors.flatMap((e) => Object.values(e.constraints ?? {})));
  }
  return instance;
}
