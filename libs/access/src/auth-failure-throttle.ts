import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AccessEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { LimiterFactory, retryAfterSeconds } from './limiter-factory';

/**
 * Brute-force protection per client address, shared by every HTTP app. After
 * AUTH_FAILURES_SLOWDOWN_AFTER refused keys within its window the address must wait for the
 * window to pass; after AUTH_FAILURES_LOCKOUT_AFTER within the longer window it is locked out
 * for AUTH_LOCKOUT_SECONDS. Either way its requests are refused before any key is checked,
 * valid keys included, so guesses made meanwhile are never evaluated.
 */
@Injectable()
export class AuthFailureThrottle {
  private readonly slow: RateLimiterRedis;
  private readonly failures: RateLimiterRedis;
  private readonly lockouts: RateLimiterRedis;

  constructor(
    private readonly limiters: LimiterFactory,
    private readonly env: AccessEnv,
  ) {
    this.slow = limiters.create('auth-fail', env.AUTH_FAILURES_SLOWDOWN_AFTER, env.AUTH_FAILURES_SLOWDOWN_WINDOW_SECONDS);
    this.failures = limiters.create('auth-fail-long', env.AUTH_FAILURES_LOCKOUT_AFTER, env.AUTH_FAILURES_LOCKOUT_WINDOW_SECONDS);
    this.lockouts = limiters.create('auth-lockout', 1, env.AUTH_LOCKOUT_SECONDS);
  }

  /** Throws a 429 (AUTH.LOCKED_OUT or AUTH.TOO_MANY_FAILURES) when the address must wait. */
  async assertAllowed(address: string): Promise<void> {
    this.limiters.noteStore();
    const [locked, slowed] = await Promise.all([this.lockouts.get(address), this.slow.get(address)]);
    if (locked && locked.consumedPoints > 0 && locked.msBeforeNext > 0) {
      throw this.refusal(ErrorCodes.AUTH_LOCKED_OUT, 'too many refused API keys from this address: locked out', locked);
    }
    if (slowed && slowed.consumedPoints >= this.env.AUTH_FAILURES_SLOWDOWN_AFTER && slowed.msBeforeNext > 0) {
      throw this.refusal(ErrorCodes.AUTH_SLOWED_DOWN, 'too many refused API keys from this address: wait before trying again', slowed);
    }
  }

  async recordFailure(address: string): Promise<void> {
    this.limiters.noteStore();
    const [, failures] = await Promise.all([this.slow.penalty(address), this.failures.penalty(address)]);
    if (failures.consumedPoints >= this.env.AUTH_FAILURES_LOCKOUT_AFTER) {
      await this.lockouts.block(address, this.env.AUTH_LOCKOUT_SECONDS);
      await this.failures.delete(address); // the count starts afresh once the lockout ends
    }
  }

  private refusal(code: string, message: string, res: RateLimiterRes): DomainError {
    return new DomainError(code, message, 'rate_limited', { retryAfterSeconds: retryAfterSeconds(res) });
  }
}
