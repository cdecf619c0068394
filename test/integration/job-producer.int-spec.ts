import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { CanyuConfigModule, RedisEnv } from '@lib/config';
import { ObservabilityModule } from '@lib/observability';
import { JobProducer, QueueModule, QueueName } from '@lib/queue';
import { wipeRedis } from '@lib/testing';

// The producer's job ids are what makes "enqueue again" harmless (fast path + sweeper).
afterAll(() => wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`]));

describe('JobProducer', () => {
  const workspaceId = '00000000-0000-4000-8000-000000000001';
  const eventId = '00000000-0000-4000-8000-0000000000e1';

  async function producer() {
    const module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([RedisEnv]), ObservabilityModule.forApp("test"), QueueModule.forRoot()],
    }).compile();
    await module.init();
    return { module, jobs: module.get(JobProducer) };
  }

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

describe('JobProducer.requeue (the sweeper path)', () => {
  const workspaceId = '00000000-0000-4000-8000-000000000001';

  it('should retry a job that failed after all its attempts and leave an unrecoverable one', async () => {
    const { Worker, UnrecoverableError } = await import('bullmq');
    const module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([RedisEnv]), ObservabilityModule.forApp("test"), QueueModule.forRoot()],
    }).compile();
    await module.init();
    const jobs = module.get(JobProducer);
    const queue = jobs.queue(QueueName.Events);
    const env = module.get(RedisEnv);
    const exhausted = '00000000-0000-4000-8000-0000000000f1';
    const permanent = '00000000-0000-4000-8000-0000000000f2';
    // An old job under the same id that used up its only attempt, and one failed as unrecoverable.
    await queue.add('event.received', { v: 1, workspaceId, eventId: exhausted }, { jobId: `evt.${exhausted}`, attempts: 1 });
    await queue.add('event.received', { v: 1, workspaceId, eventId: permanent }, { jobId: `evt.${permanent}`, attempts: 5 });
    const worker = new Worker(
      QueueName.Events,
      async (job) => {
        throw job.data.eventId === permanent ? new UnrecoverableError('bad payload') : new Error('postgres is down');
      },
      { connection: { url: env.REDIS_URL }, prefix: env.QUEUE_PREFIX },
    );
    await new Promise<void>((resolve) => {
      let failed = 0;
      worker.on('failed', () => ++failed === 2 && resolve());
    });
    await worker.close();

    expect(await jobs.requeue('event.received', { workspaceId, eventId: exhausted })).toBe('retried');
    expect(await (await queue.getJob(`evt.${exhausted}`))!.getState()).toBe('waiting');
    expect(await jobs.requeue('event.received', { workspaceId, eventId: permanent })).toBe('unrecoverable');
    expect(await (await queue.getJob(`evt.${permanent}`))!.getState()).toBe('failed');
    await module.close();
  });

  it('should re-add a job whose hash survived a partial loss of its lists, and leave waiting ones alone', async () => {
    const module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([RedisEnv]), ObservabilityModule.forApp('test'), QueueModule.forRoot()],
    }).compile();
    await module.init();
    const jobs = module.get(JobProducer);
    const queue = jobs.queue(QueueName.Events);
    const orphan = '00000000-0000-4000-8000-0000000000f3';
    const waiting = '00000000-0000-4000-8000-0000000000f4';
    await jobs.enqueueMany('event.received', [{ workspaceId, eventId: orphan }, { workspaceId, eventId: waiting }]);
    // Redis lost one job's place in the wait list but kept its hash: add() would see the id and skip it.
    const redis = new Redis(process.env.REDIS_URL!);
    await redis.lrem(queue.toKey('wait'), 0, `evt.${orphan}`);
    await redis.quit();
    expect(await queue.getJobState(`evt.${orphan}`)).toBe('unknown');

    expect(await jobs.requeueMany('event.received', [{ workspaceId, eventId: orphan }, { workspaceId, eventId: waiting }])).toEqual({
      added: 1,
      retried: 0,
      present: 1,
      unrecoverable: 0,
    });
    expect(await queue.getJobState(`evt.${orphan}`)).toBe('waiting');
    await module.close();
  });
});
