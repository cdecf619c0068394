import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AppModule } from '../../apps/campaign-api/src/app.module';
import { ScoringModule } from '../../apps/scoring/src/scoring.module';
import { OutboxSweeper } from '../../apps/worker/src/maintenance/outbox-sweeper';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { provisionWorkspace } from '@lib/access';
import { BootedSystem, bootSystem, createLiveCampaign, eventBody, truncateAll, waitFor, waitForInvitation, wipeRedis } from '@lib/testing';

// Redis is transport and cache: wipe every key while work is queued and nothing is lost.
describe('losing Redis', () => {
  let sys: BootedSystem;
  let worker: INestApplicationContext | null = null;
  let key: string;
  let campaignId: string;
  const auth = () => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    sys = await bootSystem({ api: AppModule, worker: WorkerModule, scoring: ScoringModule });
    await truncateAll(sys.db);
    key = (await provisionWorkspace(sys.db, 'Volatile', 'volatile')).adminKey;
    campaignId = await createLiveCampaign(sys.apiUrl, key);
  });

  afterAll(async () => {
    await worker?.close();
    await sys.close();
    await wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`, `canyu:score:{${campaignId}}:*`]);
  });

  it('should finish every queued event and rebuild the scores after all Redis keys are wiped', async () => {
    const api = request(sys.apiUrl);
    await api.post('/v1/events').set(auth()).send(eventBody('purchase', 'wiped-buyer')).expect(202);
    const invitation = await waitForInvitation(sys.apiUrl, key, 'wiped-buyer');
    const post = eventBody('post', 'wiped-buyer', { channel: 'wechat', data: { postId: 'w0', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } });
    await api.post('/v1/events').set(auth()).send(post).expect(202);
    await waitFor(() => sys.db.query(`SELECT 1 FROM spread_event WHERE post_ref = 'w0' AND credited_at IS NOT NULL`).then((r) => r.length > 0), 'w0 credited');

    // The worker stops; a batch is accepted and queued; then Redis loses everything.
    await sys.worker.close();
    const reposts = Array.from({ length: 30 }, (_, i) => eventBody('repost', `wiped-fan-${i}`, { channel: 'weibo', data: { postId: `w${i + 1}`, parentPostId: i < 10 ? 'w0' : `w${i - 9}` } }));
    await api.post('/v1/events').set(auth()).send({ events: reposts }).expect(202);
    await wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`, `canyu:score:{${campaignId}}:*`]);

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

    const outcomes = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/outcomes`).set(auth()).expect(200)).body;
    expect(outcomes).toMatchObject({ posts: 1, reposts: 30, uniqueReachExact: 31, uniqueReach: 31, maxCascadeDepth: 3 });
    const board = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/leaderboard`).query({ limit: 100 }).set(auth()).expect(200)).body.items;
    expect(board).toHaveLength(31);
    expect(Math.round(board.reduce((s: number, b: { score: number }) => s + b.score, 0) * 1e6) / 1e6).toBeCloseTo(outcomes.totalScore, 5);
  });
});
