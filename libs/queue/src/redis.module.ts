import { Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisEnv } from '@lib/config';
import { QueueLossMarker } from './queue-loss-marker';
import { redisOptionsFromUrl } from './redis-options';
import { REDIS } from './redis.tokens';

export { REDIS };

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
    QueueLossMarker,
  ],
  exports: [REDIS, QueueLossMarker],
})
export class RedisModule {}
