import request from 'supertest';
import { MaintenanceLoop } from '../../apps/worker/src/maintenance/maintenance-loop';
import { OutboxSweeper } from '../../apps/worker/src/maintenance/outbox-sweeper';
import { RouteEventHandler } from '../../apps/worker/src/routing/route-event.handler';
import { InputHandler } from '../../apps/worker/src/mechanics/mechanic-runner';
import { JobProducer, QueueName } from '@lib/queue';
import { createLiveCampaign, eventBody, waitFor, waitForIdle, waitForInvitation } from '@lib/testing';
import { useSystem, wipeScores } from '../support/system';

// Outbox healing, Redis loss and redelivered jobs, on real Postgres, Redis and BullMQ.
describe('pipeline durability', () => {
  const sys = useSystem('Durable');
  let campaignId: string;
  const count = async (sql: string, params: unknown[] = []) => Number((await sys.db.query(sql, params))[0].n);

  beforeAll(async () => {
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
  });

  it('should process events the fast path never enqueued once the sweeper runs', async () => {
    // Stored as the ingest transaction would, but the enqueue "was lost" (never happened).
    const participant = (await sys.db.query(`INSERT INTO participant (workspace_id, external_id) VALUES ($1, 'lost-1') RETURNING id`, [sys.workspaceId]))[0].id;
    const [{ id: eventId }] = await sys.db.query(
      `INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, occurred_at, data)
       VALUES ($1, 'lost-purchase', 'purchase', $2, now() - interval '1 minute', '{}') RETURNING id`,
      [sys.workspaceId, participant],
    );
    await waitForIdle(Object.values(QueueName).map((q) => sys.worker.get(JobProducer).queue(q)));
    expect(await count('SELECT count(*) AS n FROM activity WHERE trigger_event_id = $1', [eventId])).toBe(0);

    const swept = await sys.worker.get(OutboxSweeper).sweep(new Date(Date.now() + 60_000));
    expect(swept.event).toBe(1);
    await waitFor(() => count(`SELECT count(*) AS n FROM outbound_message m JOIN activity a ON a.id = m.activity_id WHERE a.trigger_event_id = $1 AND m.status = 'sent'`, [eventId]), 'the healed invitation');
    expect(await count('SELECT count(*) AS n FROM inbound_event WHERE id = $1 AND processed_at IS NOT NULL AND enqueued_at IS NOT NULL', [eventId])).toBe(1);
  });

  it('should score a routed repost whose scoring job was lost, once it is older than SWEEP_STALE_MS', async () => {
    const participant = (await sys.db.query(`INSERT INTO participant (workspace_id, external_id) VALUES ($1, 'lost-2') RETURNING id`, [sys.workspaceId]))[0].id;
    // Routed (processed) but never scored: the job that should have recorded it is gone.
    const [{ id: eventId }] = await sys.db.query(
      `INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, occurred_at, data, processed_at, decisions)
       VALUES ($1, 'lost-repost', 'repost', $2, now() - interval '1 hour', '{"postId":"lost-r","parentPostId":"nowhere"}', now() - interval '1 minute', '[]')
       RETURNING id`,
      [sys.workspaceId, participant],
    );
    const sweeper = sys.worker.get(OutboxSweeper);
    expect((await sweeper.sweep(new Date(Date.now() + 60_000))).spread).toBe(0); // younger than the stale cutoff
    expect((await sweeper.sweep(new Date(Date.now() + 10 * 60_000))).spread).toBe(1);
    await waitFor(() => count('SELECT count(*) AS n FROM spread_event WHERE inbound_event_id = $1', [eventId]), 'the recorded spread event');
    expect(await count('SELECT count(*) AS n FROM inbound_event WHERE id = $1 AND scored_at IS NOT NULL', [eventId])).toBe(1);
    expect((await sweeper.sweep(new Date(Date.now() + 10 * 60_000))).spread).toBe(0);
  });

  it('should create one activity and one spread credit when the same jobs run twice', async () => {
    const api = request(sys.apiUrl);
    const purchase = eventBody('purchase', 'twice-1');
    const eventId = (await api.post('/v1/events').set(sys.auth()).send(purchase).expect(202)).body.results[0].eventId;
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'twice-1');
    // Redelivery of the routing job: the unique entry key makes it a no-op.
    await sys.worker.get(RouteEventHandler).handle({ v: 1, workspaceId: sys.workspaceId, eventId });
    await sys.worker.get(RouteEventHandler).handle({ v: 1, workspaceId: sys.workspaceId, eventId });
    expect(await count('SELECT count(*) AS n FROM activity WHERE trigger_event_id = $1', [eventId])).toBe(1);

    const post = eventBody('post', 'twice-1', { channel: 'wechat', data: { postId: 'twice-post', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } });
    const postId = (await api.post('/v1/events').set(sys.auth()).send(post).expect(202)).body.results[0].eventId;
    await waitFor(() => count(`SELECT count(*) AS n FROM spread_event WHERE inbound_event_id = $1 AND credited_at IS NOT NULL`, [postId]), 'credited post');
    const [{ id: inputId, revision }] = await sys.db.query('SELECT id, revision FROM mechanic_input WHERE event_id = $1', [postId]);
    const input = { v: 1 as const, workspaceId: sys.workspaceId, inputId, revision };
    await sys.worker.get(InputHandler).handle(input);
    await sys.worker.get(InputHandler).handle(input);
    await waitForIdle(Object.values(QueueName).map((q) => sys.worker.get(JobProducer).queue(q)));
    expect(await count(`SELECT count(*) AS n FROM activity WHERE id = $1 AND state = 'completed' AND completed_event_id = $2`, [invitation.body.invitationId, postId])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM spread_event WHERE inbound_event_id = $1', [postId])).toBe(1);
    const board = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/leaderboard`).set(sys.auth()).expect(200)).body.items;
    expect(board.find((b: { participantId: string }) => b.participantId === 'twice-1').score).toBe(1);
  });

  it('should rebuild the leaderboard and reach from Postgres after Redis loses them', async () => {
    const scoring = request(sys.scoringUrl);
    const before = (await scoring.get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
    expect(before.topSpreaders.length).toBeGreaterThan(0);
    await wipeScores(campaignId);
    const after = (await scoring.get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
    expect(after).toEqual(before);
  });

  it('should link children to parents whatever order they are recorded in, under concurrency', async () => {
    const api = request(sys.apiUrl);
    const invitation = await (async () => {
      await api.post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'root-1')).expect(202);
      return waitFor(async () => (await api.get('/v1/messages').query({ participantId: 'root-1', status: 'sent' }).set(sys.auth())).body.items[0], 'invitation');
    })();
    // A chain root → c1 → c2 → … → c6 plus fan-out, all sent at once in reverse order.
    const events = [eventBody('post', 'root-1', { channel: 'weibo', data: { postId: 'chain-0', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } })];
    for (let i = 1; i <= 6; i++) events.push(eventBody('repost', `chain-${i}`, { channel: 'forum', data: { postId: `chain-${i}`, parentPostId: `chain-${i - 1}` } }));
    for (let i = 0; i < 8; i++) events.push(eventBody('repost', `fan-${i}`, { channel: 'wechat', data: { postId: `fan-${i}`, parentPostId: 'chain-0' } }));
    await Promise.all(events.reverse().map((e) => api.post('/v1/events').set(sys.auth()).send(e).expect(202)));
    const counted = `SELECT count(*) AS n FROM spread_event WHERE (post_ref LIKE 'chain-%' OR post_ref LIKE 'fan-%') AND status = 'counted' AND credited_at IS NOT NULL`;
    await waitFor(async () => (await count(counted)) === 15, 'the whole cascade counted');
    const depths = await sys.db.query(`SELECT post_ref, depth FROM spread_event WHERE post_ref LIKE 'chain-%' ORDER BY depth`);
    expect(depths.map((d: { post_ref: string; depth: number }) => [d.post_ref, d.depth])).toEqual(Array.from({ length: 7 }, (_, i) => [`chain-${i}`, i]));
    expect(await count(`SELECT count(*) AS n FROM spread_event WHERE post_ref LIKE 'fan-%' AND depth = 1`)).toBe(8);
  });

  it('should sweep on one replica at a time, join a pass in flight, and fail /health when sweeps stop', async () => {
    const loop = sys.worker.get(MaintenanceLoop);
    // Another replica holds the sweep lock: this one skips its pass.
    const other = sys.db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(`SELECT pg_advisory_xact_lock(hashtext('canyu:maintenance-pass'))`);
    expect(await loop.runOnce()).toEqual({ ran: false });
    await other.rollbackTransaction();
    await other.release();
    const [a, b] = await Promise.all([loop.runOnce(), loop.runOnce()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ ran: true });
    const healthy = (await request(sys.apiUrl).get('/health').expect(200)).body;
    expect(healthy.info.sweeper).toMatchObject({ status: 'up', intervalMs: 600000 });

    // The worker died three intervals ago.
    await sys.db.query(`UPDATE worker_heartbeat SET beat_at = now() - interval '31 minutes'`);
    const dead = (await request(sys.scoringUrl).get('/health').expect(503)).body;
    expect(dead.error.details.error.sweeper.status).toBe('down');
  });
});
