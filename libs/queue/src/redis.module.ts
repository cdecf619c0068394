import { Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisEnv } from '@lib/config';
import { redisOptionsFromUrl } from './redis-options';

/** DI token for the shared command connection (leaderboards, reach, health pings). */
export const REDIS = Symbol('REDIS');

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    // quit() waits for a reply; with Redis unreachable that would hold shutdown up.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis.disconnect();
  }
}

@Module({
  providers: [
    {
      provide: REDIS,
      inject: [RedisEnv],
      useFactory: (env: RedisEnv) => new Redis(redisOptionsFromUrl(env.REDIS_URL, { maxRetriesPerRequest: 2 })),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
