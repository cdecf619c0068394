import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RedisEnv } from '@lib/config';
import { QueueName } from './queue-names';
import { JobProducer } from './producer/job-producer';
import { redisOptionsFromUrl } from './redis-options';

/** BullMQ connection and every queue, plus the typed producer. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [RedisEnv],
      useFactory: (env: RedisEnv) => ({
        prefix: env.QUEUE_PREFIX,
        // Workers need maxRetriesPerRequest: null so blocking commands survive reconnects.
        connection: redisOptionsFromUrl(env.REDIS_URL, { maxRetriesPerRequest: null }),
      }),
    }),
    ...Object.values(QueueName).map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [JobProducer],
  exports: [JobProducer, BullModule],
})
export class QueueModule {}
