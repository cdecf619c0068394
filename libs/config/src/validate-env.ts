import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export type EnvClass<T extends object = object> = new () => T;

/** An env class that accepted a risk at boot (an insecure dev flag) says so; the config module logs it. */
export interface BootWarnings {
  bootWarnings(): string[];
}

export function bootWarningsOf(env: object): string[] {
  const candidate = env as Partial<BootWarnings>;
  return typeof candidate.bootWarnings === 'function' ? candidate.bootWarnings() : [];
}

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvError';
  }
}

/**
 * Builds an env class from a plain source (process.env by default), applying the class's
 * defaults for missing keys and failing with every problem listed at once.
 */
export function loadEnv<T extends object>(cls: EnvClass<T>, source: Record<string, unknown> = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const raw = source[key];
    picked[key] = raw === undefined || raw === '' ? defaults[key] : raw;
  }
  const instance = plainToInstance(cls, picked);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidEnvError(errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` })));
  }
  return instance;
}
