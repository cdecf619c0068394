import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisEnv } from '@lib/config';
import { withTimeout } from '@lib/domain';
import { REDIS } from '@lib/queue';

const READ_TIMEOUT_MS = 250;
const BUMP_ATTEMPTS = 3;

const bounded = <T>(work: Promise<T>, ms: number): Promise<T> => withTimeout(work, ms, () => new Error(`redis did not answer within ${ms} ms`));

/**
 * One counter in Redis shared by every process: a revocation bumps it after its transaction
 * commits, and a cached key is trusted only while the counter still reads as when the key was
 * loaded. `current()` answers null when Redis cannot be read, and callers then trust no cache.
 */
@Injectable()
export class RevocationEpoch {
  private readonly logger = new Logger(RevocationEpoch.name);
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    env: RedisEnv,
  ) {
    this.key = `${env.QUEUE_PREFIX}:auth:revocation-epoch`;
  }

  async current(): Promise<string | null> {
    if (this.redis.status !== 'ready') return null;
    try {
      const value = await bounded(this.redis.get(this.key), READ_TIMEOUT_MS);
      if (value !== null) return value;
      // Seeded from the clock, so a counter Redis lost restarts above any value cached before.
      await bounded(this.redis.set(this.key, String(Date.now()), 'NX'), READ_TIMEOUT_MS);
      return await bounded(this.redis.get(this.key), READ_TIMEOUT_MS);
    } catch {
      return null;
    }
  }

  /** Call after the revoking transaction committed. Throws when no attempt reached Redis. */
  async bump(): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= BUMP_ATTEMPTS; attempt++) {
      try {
        if (this.redis.status !== 'ready') throw new Error(`redis is ${this.redis.status}`);
        const replies = await bounded(this.redis.multi().set(this.key, String(Date.now()), 'NX').incr(this.key).exec(), READ_TIMEOUT_MS * 2);
        const failed = replies?.find(([error]) => error)?.[0];
        if (!replies || failed) throw failed ?? new Error('revocation epoch transaction was discarded');
        return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
    this.logger.error(`could not publish a key revocation: ${(lastError as Error).message}`);
    throw lastError;
  }
}
