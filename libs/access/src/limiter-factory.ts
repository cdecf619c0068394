import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisEnv } from '@lib/config';
import { REDIS } from '@lib/queue';

/** Seconds a refused client should wait, as Retry-After wants them (at least 1). */
export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Builds limiters that count in Redis, so every process and replica shares them. While Redis
 * is not ready each falls back to its own per-process memory limiter (requests are never
 * failed for it); the switch is logged once per outage.
 */
@Injectable()
export class LimiterFactory {
  private readonly logger = new Logger(LimiterFactory.name);
  private readonly prefix: string;
  private degraded = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    env: RedisEnv,
  ) {
    this.prefix = `${env.QUEUE_PREFIX}:rl`;
  }

  create(name: string, points: number, durationSeconds: number): RateLimiterRedis {
    const keyPrefix = `${this.prefix}:${name}`;
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix,
      points,
      duration: durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
    });
  }

  /** Call before using a limiter: notes (once) that limits have become per process, or shared again. */
  noteStore(): void {
    const ready = this.redis.status === 'ready';
    if (!ready && !this.degraded) {
      this.degraded = true;
      this.logger.warn('Redis is unreachable: rate limits and lockouts fall back to per-process memory');
    } else if (ready && this.degraded) {
      this.degraded = false;
      this.logger.log('Redis is back: rate limits and lockouts are shared again');
    }
  }
}
