import request from 'supertest';
import Redis from 'ioredis';
import { MaintenanceLoop } from '../../apps/worker/src/maintenance/maintenance-loop';
import { EventsProcessor } from '../../apps/worker/src/processors/events.processor';
import { JobProducer, QueueName } from '@lib/queue';
import { createLiveCampaign, eventBody, waitFor, waitForInvitation, wipeRedis } from '@lib/testing';
import { useSystem, wipeScores } from '../support/system';

// The worker's own timer drives the sweeper (short here); nothing is restarted in this file.
process.env.SWEEP_INTERVAL_MS = '300';

describe('losing Redis', () => {
  const sys = useSystem('Volatile');
  const prefix = process.env.QUEUE_PREFIX!;
  let campaignId: string;
  const count = async (sql: string) => Number((await sys.db.query(sql))[0].n);

  beforeAll(async () => {
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
  });

  it('should re-offer all owed work at once when Redis loses every key, and drain it fast', async () => {
    const api = request(sys.apiUrl);
    await api.post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'wiped-buyer')).expect(202);
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'wiped-buyer');
    const post = eventBody('post', 'wiped-buyer', { channel: 'wechat', data: { postId: 'w0', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } });
    await api.post('/v1/events').set(sys.auth()).send(post).expect(202);
    await waitFor(() => count(`SELECT count(*) AS n FROM spread_event WHERE post_ref = 'w0' AND credited_at IS NOT NULL`), 'w0 credited');

    // Routing pauses (locally); 3000 reposts are accepted and queued; then Redis loses everything.
    const events = sys.worker.get(EventsProcessor).worker;
    await events.pause(true);
    const reposts = Array.from({ length: 3000 }, (_, i) => eventBody('repost', `fan-${i}`, { channel: 'weibo', data: { postId: `w${i + 1}`, parentPostId: i < 100 ? 'w0' : `w${i - 99}` } }));
    for (let i = 0; i < reposts.length; i += 1000) await api.post('/v1/events').set(sys.auth()).send({ events: reposts.slice(i, i + 1000) }).expect(202);
    await wipeRedis(process.env.REDIS_URL!, [`${prefix}:*`]);
    await wipeScores(campaignId);
    const wipedAt = Date.now();
    events.resume();

    // No restart, no waiting for SWEEP_STALE_MS: the next pass sees the marker gone.
    const counted = `SELECT count(*) AS n FROM spread_event WHERE post_ref ~ '^w[0-9]+$' AND status = 'counted' AND credited_at IS NOT NULL`;
    await waitFor(async () => (await count(counted)) === 3001, 'all 3001 spread events counted and credited', 30_000);
    const ms = Date.now() - wipedAt;
    process.stdout.write(`redis-loss: 3000 owed events drained in ${ms} ms after the wipe (${Math.round(3000 / (ms / 1000))} events/s)\n`);
    const [{ last_pass }] = await sys.db.query(`SELECT last_pass FROM worker_heartbeat WHERE name = 'sweeper'`);
    expect(last_pass.error).toBeUndefined();

    const outcomes = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
    expect(outcomes).toMatchObject({ posts: 1, reposts: 3000, uniqueReachExact: 3001 });
    expect(await count(`SELECT count(*) AS n FROM spread_event WHERE post_ref ~ '^w[0-9]+$'`)).toBe(3001);
  }, 60_000);

  it('should remove the legacy job scheduler and keep Redis bounded over 300 passes', async () => {
    const maintenance = sys.worker.get(JobProducer).queue(QueueName.Maintenance);
    // What the previous version left in Redis: a schedule whose completed jobs were never removed.
    await maintenance.upsertJobScheduler('maintenance-sweep', { every: 60_000 }, { name: 'maintenance.sweep', data: { v: 1 } });
    const { NestFactory } = await import('@nestjs/core');
    const { WorkerModule } = await import('../../apps/worker/src/worker.module');
    const upgraded = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await upgraded.init();
    await waitFor(async () => (await maintenance.getJobSchedulersCount()) === 0, 'the legacy scheduler removed');
    await upgraded.close();

    const redis = new Redis(process.env.REDIS_URL!);
    const keys = async () => (await redis.keys(`${prefix}:*`)).length;
    const loop = sys.worker.get(MaintenanceLoop);
    await loop.runOnce();
    const before = await keys();
    for (let i = 0; i < 300; i++) await loop.runOnce();
    expect(await keys()).toBeLessThanOrEqual(before + 5);
    expect(await redis.keys(`${prefix}:maintenance:*`)).not.toContain(`${prefix}:maintenance:completed`);
    await redis.quit();
  }, 60_000);
});
