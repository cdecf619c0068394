import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { OutboxSweeper } from '../../apps/worker/src/maintenance/outbox-sweeper';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createLiveCampaign, eventBody, waitFor, waitForInvitation, wipeRedis } from '@lib/testing';
import { useSystem, wipeScores } from '../support/system';

// Redis is transport and cache: wipe every key while work is queued and nothing is lost.
describe('losing Redis', () => {
  const sys = useSystem('Volatile');
  let worker: INestApplicationContext | null = null;
  let campaignId: string;

  beforeAll(async () => {
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
  });

  afterAll(async () => {
    await worker?.close();
  });

  it('should finish every queued event and rebuild the scores after all Redis keys are wiped', async () => {
    const api = request(sys.apiUrl);
    await api.post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'wiped-buyer')).expect(202);
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'wiped-buyer');
    const post = eventBody('post', 'wiped-buyer', { channel: 'wechat', data: { postId: 'w0', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } });
    await api.post('/v1/events').set(sys.auth()).send(post).expect(202);
    await waitFor(() => sys.db.query(`SELECT 1 FROM spread_event WHERE post_ref = 'w0' AND credited_at IS NOT NULL`).then((r) => r.length > 0), 'w0 credited');

    // The worker stops; a batch is accepted and queued; then Redis loses everything.
    await sys.worker.close();
    const reposts = Array.from({ length: 30 }, (_, i) => eventBody('repost', `wiped-fan-${i}`, { channel: 'weibo', data: { postId: `w${i + 1}`, parentPostId: i < 10 ? 'w0' : `w${i - 9}` } }));
    await api.post('/v1/events').set(sys.auth()).send({ events: reposts }).expect(202);
    await wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`]);
    await wipeScores(campaignId);

    // A fresh worker finds nothing in Redis; once SWEEP_STALE_MS has passed (simulated by the
    // sweep's clock), its sweeper finds the work Postgres says is owed.
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    expect((await worker.get(OutboxSweeper).sweep(new Date(Date.now() + 60_000))).event).toBe(0);
    const swept = await worker.get(OutboxSweeper).sweep(new Date(Date.now() + 10 * 60_000));
    expect(swept.event).toBe(30);
    await waitFor(async () => {
      const [{ n }] = await sys.db.query(`SELECT count(*)::int AS n FROM spread_event WHERE post_ref ~ '^w[0-9]+$' AND status = 'counted' AND credited_at IS NOT NULL`);
      return n === 31;
    }, 'all 31 spread events counted and credited');

    const outcomes = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
    expect(outcomes).toMatchObject({ posts: 1, reposts: 30, uniqueReachExact: 31, uniqueReach: 31, maxCascadeDepth: 3 });
    const board = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/leaderboard`).query({ limit: 100 }).set(sys.auth()).expect(200)).body.items;
    expect(board).toHaveLength(31);
    expect(Math.round(board.reduce((s: number, b: { score: number }) => s + b.score, 0) * 1e6) / 1e6).toBeCloseTo(outcomes.totalScore, 5);
  });
});
