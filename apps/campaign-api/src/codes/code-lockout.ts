import { Injectable } from '@nestjs/common';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { LimiterFactory, retryAfterSeconds } from '@lib/access';
import { AttemptLog } from '@lib/codes';
import { CodeLockoutEnv } from '@lib/config';
import { CodeErrors, DomainError, GUESS_REFUSALS } from '@lib/domain';

/**
 * Lockout after repeated guesses on codes, per participant (workspace + campaign + external
 * id) and per client address within the workspace, counted in Redis like the failed-auth
 * lockout. While locked, attempts are refused before any lookup, so guesses made meanwhile are
 * never evaluated. A call with an ingest key comes from the shop's own server, whose address is
 * every buyer's: it is locked per participant only (its key's rate limit bounds it as a whole).
 */
export interface CodeCaller {
  workspaceId: string;
  campaignId: string;
  address: string;
  /** The API key's role: `ingest` is the shop's checkout server. */
  role: string;
}

@Injectable()
export class CodeLockout {
  private readonly failures: RateLimiterRedis;
  private readonly lockouts: RateLimiterRedis;

  constructor(
    private readonly limiters: LimiterFactory,
    private readonly env: CodeLockoutEnv,
    private readonly attempts: AttemptLog,
  ) {
    this.failures = limiters.create('code-fail', env.CODE_FAILURES_LOCKOUT_AFTER, env.CODE_FAILURES_WINDOW_SECONDS);
    this.lockouts = limiters.create('code-lockout', 1, env.CODE_LOCKOUT_SECONDS);
  }

  static keys(c: CodeCaller, participantId: string): string[] {
    const participant = `p:${c.workspaceId}:${c.campaignId}:${participantId}`;
    return c.role === 'ingest' ? [participant] : [participant, `a:${c.workspaceId}:${c.address}`];
  }

  /** assertAllowed, and a refused attempt is logged too (no hash: the code is not even looked at). */
  async guard(c: CodeCaller, keys: string[], action: 'redeem' | 'reserve' | 'transfer', participantId: string): Promise<void> {
    try {
      await this.assertAllowed(keys);
    } catch (err) {
      this.attempts.note({ workspaceId: c.workspaceId, campaignId: c.campaignId, action, participantId, address: c.address, hashPrefix: null, outcome: CodeErrors.LOCKED_OUT, at: new Date() });
      throw err;
    }
  }

  /** 429 CODE.LOCKED_OUT when the participant or the address is locked out. */
  async assertAllowed(keys: string[]): Promise<void> {
    this.limiters.noteStore();
    const states = await Promise.all(keys.map((k) => this.lockouts.get(k)));
    const locked = states.filter((s) => s !== null && s.consumedPoints > 0 && s.msBeforeNext > 0);
    if (locked.length > 0) {
      const wait = Math.max(...locked.map((s) => retryAfterSeconds(s!)));
      throw new DomainError(CodeErrors.LOCKED_OUT, `too many wrong codes: try again in ${wait} s`, 'rate_limited', { retryAfterSeconds: wait });
    }
  }

  /** Counts the outcome when it is what guessing produces (UNKNOWN, NOT_YOURS); a typo is not a guess. */
  async record(keys: string[], outcome: string): Promise<void> {
    if (!GUESS_REFUSALS.has(outcome)) return;
    this.limiters.noteStore();
    await Promise.all(
      keys.map(async (k) => {
        const res = await this.failures.penalty(k);
        if (res.consumedPoints >= this.env.CODE_FAILURES_LOCKOUT_AFTER) {
          await this.lockouts.block(k, this.env.CODE_LOCKOUT_SECONDS);
          await this.failures.delete(k);
        }
      }),
    );
  }
}
