import request from 'supertest';
import { provisionWorkspace } from '@lib/access';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from '@lib/channels';
import Redis from 'ioredis';
import { JobProducer, QueueName, REDIS } from '@lib/queue';
import { createLiveCampaign, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// Health, metrics, OpenAPI, correlation ids from request to job, signed channel callbacks.
describe('operations', () => {
  const sys = useSystem('Ops');

  it('should report database and Redis health, Prometheus metrics and the OpenAPI document', async () => {
    for (const url of [sys.apiUrl, sys.scoringUrl]) {
      const health = (await request(url).get('/health').expect(200)).body;
      expect(health).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    }
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'metered')).expect(202);
    const metrics = (await request(sys.apiUrl).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/canyu_events_ingested_total\{status="accepted",app="campaign-api"\} [1-9]/);
    expect(metrics).toContain('canyu_http_request_duration_seconds_bucket');
    const dashboard = await request(sys.scoringUrl).get('/').expect(200);
    expect(dashboard.headers['content-type']).toContain('text/html');
    expect(dashboard.text).toContain("'/v1/campaigns/' + $('campaign').value + '/outcomes'");
    const openapi = (await request(sys.apiUrl).get('/docs-json').expect(200)).body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/campaigns/{id}/status', '/v1/events/{id}/explain']));
  });

  it('should carry the request correlation id into the stored event and every job it causes', async () => {
    const api = request(sys.apiUrl);
    await createLiveCampaign(sys.apiUrl, sys.key, {}, { trigger: { eventType: 'purchase-traced' } });
    const res = await api.post('/v1/events').set(sys.auth()).set('x-correlation-id', 'trace-e2e-42').send(eventBody('purchase-traced', 'traced-1')).expect(202);
    expect(res.headers['x-correlation-id']).toBe('trace-e2e-42');
    const eventId = res.body.results[0].eventId;
    const [stored] = await sys.db.query('SELECT correlation_id FROM inbound_event WHERE id = $1', [eventId]);
    expect(stored.correlation_id).toBe('trace-e2e-42');
    const [activity] = await waitFor(() => sys.db.query('SELECT id FROM activity WHERE trigger_event_id = $1', [eventId]).then((r) => (r.length ? r : null)), 'activity');
    const producer = sys.worker.get(JobProducer);
    const routed = await producer.queue(QueueName.Events).getJob(`evt.${eventId}`);
    const activated = await waitFor(() => producer.queue(QueueName.Mechanics).getJob(`act.${activity.id}`), 'activation job');
    expect([routed?.data.correlationId, activated.data.correlationId]).toEqual(['trace-e2e-42', 'trace-e2e-42']);
  });

  it('should ingest a callback signed with the workspace key and refuse forged, stale, replayed or future ones', async () => {
    const signingKey = (await request(sys.apiUrl).get('/v1/workspace/signing-key').set(sys.auth()).expect(200)).body.key;
    const body = JSON.stringify(eventBody('follow', 'via-callback', { channel: 'weibo', data: { parentPostId: 'wb-nowhere' } }));
    const post = (sig: string, ts: number, ws = sys.workspaceId) =>
      request(sys.apiUrl)
        .post(`/v1/webhooks/${ws}/callbacks`)
        .set('content-type', 'application/json')
        .set(SIGNATURE_HEADER, sig)
        .set(TIMESTAMP_HEADER, String(ts))
        .send(body);
    const now = Math.floor(Date.now() / 1000);
    const signature = signPayload(signingKey, now, body);
    expect((await post(signature, now).expect(202)).body.accepted).toBe(1);
    // The very same signed request again, inside the window: a replay.
    const replayed = await post(signature, now);
    expect([replayed.status, replayed.body.error.code]).toEqual([401, 'WEBHOOK.REPLAYED']);
    const seen = `${process.env.QUEUE_PREFIX}:callback-seen:${sys.workspaceId}:${signature}`;
    const ttl = await sys.api.get<Redis>(REDIS).pttl(seen);
    expect(ttl).toBeGreaterThan(300_000);
    expect(ttl).toBeLessThanOrEqual(360_000); // replay window + future skew
    // Correctly signed, but dated 2 minutes ahead (the skew allows 60 s): it would outlive the window.
    const future = await post(signPayload(signingKey, now + 120, body), now + 120);
    expect([future.status, future.body.error.code]).toEqual([401, 'WEBHOOK.FUTURE_TIMESTAMP']);
    const forged = await post(signPayload('not-the-key', now, body), now);
    expect([forged.status, forged.body.error.code]).toEqual([401, 'WEBHOOK.BAD_SIGNATURE']);
    const stale = await post(signPayload(signingKey, now - 600, body), now - 600);
    expect([stale.status, stale.body.error.code]).toEqual([401, 'WEBHOOK.STALE_TIMESTAMP']);
    // A valid signature for one workspace is worthless on another's URL.
    const other = (await provisionWorkspace(sys.db, 'Other', 'other')).workspaceId;
    const crossed = await post(signPayload(signingKey, now, body), now, other);
    expect([crossed.status, crossed.body.error.code]).toEqual([401, 'WEBHOOK.BAD_SIGNATURE']);
    expect(Number((await sys.db.query(`SELECT count(*) AS n FROM inbound_event WHERE type = 'follow'`))[0].n)).toBe(1);
  });
});
