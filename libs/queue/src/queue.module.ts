import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RedisEnv } from '@lib/config';
import { QueueName } from './queue-names';
import { JobProducer } from './producer/job-producer';
import { redisOptionsFromUrl } from './redis-options';

export interface QueueModuleOptions {
  /**
   * An app that only adds jobs (the API). Its commands fail fast while Redis is away instead
   * of queueing in memory, so a request is never held hostage by Redis: Postgres holds the
   * work and the sweeper offers it later. Apps that run workers need the opposite
   * (maxRetriesPerRequest: null) so blocking commands survive reconnects.
   */
  producerOnly?: boolean;
}

/** BullMQ connection and every queue, plus the typed producer. */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions = {}): DynamicModule {
    const connection = options.producerOnly ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null };
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [RedisEnv],
          useFactory: (env: RedisEnv) => ({ prefix: env.QUEUE_PREFIX, connection: redisOptionsFromUrl(env.REDIS_URL, connection) }),
        }),
        ...Object.values(QueueName).map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [JobProducer],
      exports: [JobProducer, BullModule],
    };
  }
}
