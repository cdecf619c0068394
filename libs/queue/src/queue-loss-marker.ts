import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisEnv } from '@lib/config';
import { REDIS } from './redis.tokens';

const INTACT = 'intact';
const REBUILDING = 'rebuilding';

/**
 * A key under QUEUE_PREFIX that says "Redis still holds every job offered since it was set".
 * It disappears with everything else when Redis loses its contents (FLUSHALL, a restart
 * without persistence, a failover to an empty replica, a prefix wipe), so its absence is
 * how the sweeper learns that it must re-offer all owed work.
 */
@Injectable()
export class QueueLossMarker {
  readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    env: RedisEnv,
  ) {
    this.key = `${env.QUEUE_PREFIX}:redis-intact`;
  }

  /** True unless the marker is missing or a re-offer that set it never finished. */
  async isIntact(): Promise<boolean> {
    return (await this.redis.get(this.key)) === INTACT;
  }

  /** Before a full re-offer: a loss during it removes this, and the next pass starts over. */
  async beginRebuild(): Promise<void> {
    await this.redis.set(this.key, REBUILDING);
  }

  /** After a full re-offer; false if the marker vanished meanwhile (another loss). */
  async confirmRebuilt(): Promise<boolean> {
    return (await this.redis.set(this.key, INTACT, 'XX')) === 'OK';
  }
}
