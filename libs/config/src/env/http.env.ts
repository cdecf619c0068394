import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { Type } from 'class-transformer';
import { parseTrustProxy } from './trust-proxy';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class LogEnv {
  @IsOptional() @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';
}

export class HttpEnv extends LogEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT looks like 1mb or 512kb' })
  BODY_LIMIT = '2mb';

  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open. */
  @IsOptional() @IsString() @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN: string | undefined = undefined;

  /** express 'trust proxy': which proxies may name the client address (see parseTrustProxy). */
  @IsOptional()
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && parseTrustProxy(v) !== null,
      defaultMessage: () => 'TRUST_PROXY is false, true, a hop count or a comma list of addresses/CIDR ranges',
    },
  })
  TRUST_PROXY = 'false';

  /**
   * /health answers 503 when owed work (an unrouted event, an unsent message, …) has waited
   * longer than this: the worker or scoring is not keeping up, or not running.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1_000) @Max(86_400_000)
  HEALTH_OWED_MAX_AGE_MS = 900_000;
}
