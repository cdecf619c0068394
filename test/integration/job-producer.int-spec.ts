import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { CanyuConfigModule, RedisEnv } from '@lib/config';
import { ObservabilityModule } from '@lib/observability';
import { JobProducer, QueueModule, QueueName } from '@lib/queue';
import { wipeRedis } from '@lib/testing';

// The producer's job ids are what makes "enqueue again" harmless (fast path + sweeper).
describe('JobProducer', () => {
  const workspaceId = '00000000-0000-4000-8000-000000000001';
  const eventId = '00000000-0000-4000-8000-0000000000e1';

  async function producer() {
    const module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([RedisEnv]), ObservabilityModule.forApp('test'), QueueModule],
    }).compile();
    await module.init();
    return { module, jobs: module.get(JobProducer) };
  }

  afterAll(() => wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`]));

  it('should add a job once when it is enqueued singly and in bulk with the same id', async () => {
    const { module, jobs } = await producer();
    await jobs.enqueue('event.received', { workspaceId, eventId, correlationId: 'first' });
    await jobs.enqueueMany('event.received', [{ workspaceId, eventId }, { workspaceId, eventId }]);
    const queue = jobs.queue(QueueName.Events);
    expect(await queue.getWaitingCount()).toBe(1);
    const job = await queue.getJob(`evt.${eventId}`);
    expect(job?.data).toEqual({ v: 1, workspaceId, eventId, correlationId: 'first' });
    await module.close();
  });
});
