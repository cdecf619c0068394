import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

const Count = (max: number) => (target: object, key: string) => {
  IsOptional()(target, key);
  Type(() => Number)(target, key);
  IsInt()(target, key);
  Min(1)(target, key);
  Max(max)(target, key);
};

/**
 * Request limits and brute-force protection, shared by every HTTP app through Redis.
 * Ingest and write limits count requests per RATE_LIMIT_WINDOW_SECONDS; reads are not limited.
 */
export class AccessEnv {
  @Count(3_600)
  RATE_LIMIT_WINDOW_SECONDS = 1;

  /** POST /v1/events per API key, and ingest (events + signed callbacks) per client address. */
  @Count(1_000_000)
  RATE_LIMIT_INGEST_PER_KEY = 1_000;

  @Count(1_000_000)
  RATE_LIMIT_INGEST_PER_ADDRESS = 1_000;

  /** POST/PUT/PATCH/DELETE other than ingest, per API key and per client address. */
  @Count(1_000_000)
  RATE_LIMIT_WRITES_PER_KEY = 20;

  @Count(1_000_000)
  RATE_LIMIT_WRITES_PER_ADDRESS = 50;

  /** After this many refused keys from one address within the window, the address waits. */
  @Count(100_000)
  AUTH_FAILURES_SLOWDOWN_AFTER = 10;

  @Count(86_400)
  AUTH_FAILURES_SLOWDOWN_WINDOW_SECONDS = 60;

  /** After this many refused keys within the lockout window, the address is locked out. */
  @Count(1_000_000)
  AUTH_FAILURES_LOCKOUT_AFTER = 50;

  @Count(86_400)
  AUTH_FAILURES_LOCKOUT_WINDOW_SECONDS = 900;

  /** How long a locked-out address is refused, valid keys included. */
  @Count(86_400)
  AUTH_LOCKOUT_SECONDS = 900;
}
