import request from 'supertest';
import { Script } from 'node:vm';
import { provisionWorkspace } from '@lib/access';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from '@lib/channels';
import Redis from 'ioredis';
import { JobProducer, QueueName, REDIS } from '@lib/queue';
import { createLiveCampaign, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// Health, metrics, OpenAPI, correlation ids from request to job, signed channel callbacks.
const METRICS_TOKEN = 'metrics-scrape-token-for-tests';

describe('operations', () => {
  // Read by the apps' HttpEnv when useSystem boots them (each test file has its own process.env copy).
  process.env.METRICS_TOKEN = METRICS_TOKEN;
  const sys = useSystem('Ops');

  it('should report database and Redis health, Prometheus metrics and the OpenAPI document', async () => {
    for (const url of [sys.apiUrl, sys.scoringUrl]) {
      const health = (await request(url).get('/health').expect(200)).body;
      expect(health).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
    }
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'metered')).expect(202);
    const metrics = (await request(sys.apiUrl).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    expect(metrics).toMatch(/canyu_events_ingested_total\{status="accepted",app="campaign-api"\} [1-9]/);
    expect(metrics).toContain('canyu_http_request_duration_seconds_bucket');
    const openapi = (await request(sys.apiUrl).get('/docs-json').expect(200)).body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/campaigns/{id}/status', '/v1/events/{id}/explain']));
  });

  it('should guard /metrics with METRICS_TOKEN when it is set', async () => {
    for (const url of [sys.apiUrl, sys.scoringUrl]) {
      for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${METRICS_TOKEN}x`, `Bearer ${sys.key}`]) {
        const res = await request(url).get('/metrics').set(authorization ? { authorization } : {});
        expect([res.status, res.body?.error?.code, res.headers['content-type']]).toEqual([401, 'AUTH.UNAUTHORIZED', expect.stringContaining('application/json')]);
      }
      await request(url).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    }
  });

  it('should send security headers on every app and response, and no X-Powered-By', async () => {
    const responses = [
      await request(sys.apiUrl).get('/v1/campaigns').set(sys.auth()),
      await request(sys.apiUrl).get('/v1/campaigns'),
      await request(sys.apiUrl).get('/nowhere'),
      await request(sys.apiUrl).post('/v1/events').set(sys.auth()).set('content-type', 'application/json').send('{'),
      await request(sys.scoringUrl).get('/health'),
    ];
    for (const res of responses) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'strict-transport-security': expect.stringContaining('max-age='),
      });
    }
    // Swagger UI runs inline code: no CSP there, and it still serves its page and script.
    const docs = await request(sys.apiUrl).get('/docs/').redirects(1).expect(200);
    expect(docs.headers['content-security-policy']).toBeUndefined();
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    const init = docs.text.match(/src="\.?\/?([^"]*swagger-ui-init\.js)"/)?.[1];
    expect(init).toBeDefined();
    await request(sys.apiUrl).get(`/docs/${init}`).expect(200).expect('content-type', /javascript/);
  });

  it('should serve the dashboard under a CSP that forbids inline code, with its script and styles as files', async () => {
    const page = await request(sys.scoringUrl).get('/').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    // Under that policy inline <script>, <style> and style="" would be ignored by the browser.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    const scripts = [...page.text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    const sheets = [...page.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect({ scripts, sheets }).toEqual({ scripts: ['/dashboard.js'], sheets: ['/dashboard.css'] });
    const js = await request(sys.scoringUrl).get('/dashboard.js').expect(200).expect('content-type', /^text\/javascript/);
    expect(() => new Script(js.text)).not.toThrow();
    // Every element the script looks up is on the page.
    const ids = [...js.text.matchAll(/\$\('([a-z]+)'\)/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => !page.text.includes(`id="${id}"`))).toEqual([]);
    await request(sys.scoringUrl).get('/dashboard.css').expect(200).expect('content-type', /^text\/css/);
  });

  it('should hide the workspace webhook URL from every role but admin', async () => {
    // A public address literal: the write-time SSRF check resolves host names.
    const url = 'https://8.8.8.8/hooks?token=receiver-secret';
    await request(sys.apiUrl).patch('/v1/workspace').set(sys.auth()).send({ webhookUrl: url }).expect(200);
    expect((await request(sys.apiUrl).get('/v1/workspace').set(sys.auth()).expect(200)).body).toMatchObject({ webhookUrl: url, webhookConfigured: true });
    for (const role of ['viewer', 'staff', 'marketer']) {
      const key = (await request(sys.apiUrl).post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
      const res = await request(sys.apiUrl).get('/v1/workspace').set('authorization', `Bearer ${key}`).expect(200);
      expect(res.body).toMatchObject({ id: sys.workspaceId, webhookConfigured: true });
      expect(res.body).not.toHaveProperty('webhookUrl');
      expect(res.text).not.toContain('receiver-secret');
    }
    await request(sys.apiUrl).patch('/v1/workspace').set(sys.auth()).send({ webhookUrl: null }).expect(200);
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
