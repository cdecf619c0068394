import { IsOptional, Matches } from 'class-validator';

export class RedisEnv {
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** BullMQ key prefix; tests use their own so parallel runs never share queues. */
  @IsOptional() @Matches(/^[a-zA-Z0-9:_{}-]{1,40}$/, { message: 'QUEUE_PREFIX may hold letters, digits and : _ - { }' })
  QUEUE_PREFIX = 'canyu';
}
