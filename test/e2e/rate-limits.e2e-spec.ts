import request from 'supertest';
import { ApiKeyService } from '@lib/access';
import { ApiKeyRole } from '@lib/persistence';
import { eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// Low limits for this file only, set before useSystem boots the apps (test-env.js keeps the
// other suites far from any limit). Each test speaks from its own address through a trusted
// loopback proxy, so one test's lockout cannot spill into another.
Object.assign(process.env, {
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_WINDOW_SECONDS: '60',
  RATE_LIMIT_INGEST_PER_KEY: '5',
  RATE_LIMIT_INGEST_PER_ADDRESS: '8',
  RATE_LIMIT_WRITES_PER_KEY: '3',
  RATE_LIMIT_WRITES_PER_ADDRESS: '100',
  AUTH_FAILURES_SLOWDOWN_AFTER: '3',
  AUTH_FAILURES_SLOWDOWN_WINDOW_SECONDS: '2',
  AUTH_FAILURES_LOCKOUT_AFTER: '5',
  AUTH_FAILURES_LOCKOUT_WINDOW_SECONDS: '600',
  AUTH_LOCKOUT_SECONDS: '600',
});

describe('rate limits and failed-auth lockout', () => {
  const sys = useSystem('Rate limits');
  const from = (address: string, key?: string) => ({ 'x-forwarded-for': address, ...(key ? { authorization: `Bearer ${key}` } : {}) });
  const newKey = async (role: ApiKeyRole) => (await sys.api.get(ApiKeyService).issue(sys.workspaceId, role, role)).plaintext;
  const purchase = () => eventBody('purchase', 'buyer-1', { data: { orderId: `o-${Math.random().toString(36).slice(2)}`, amount: 10, currency: 'CNY' } });
  const expectLimited = (res: request.Response, code: string, maxWait: number) => {
    expect([res.status, res.body.error?.code]).toEqual([429, code]);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(maxWait);
  };

  it('should refuse ingest beyond the per-key limit with 429 + Retry-After while another key from the same address goes on', async () => {
    const [busy, other] = [await newKey('ingest'), await newKey('ingest')];
    const ingest = (key: string) => request(sys.apiUrl).post('/v1/events').set(from('192.0.2.10', key)).send(purchase());
    for (let i = 0; i < 5; i++) expect((await ingest(busy)).status).toBe(202);
    expectLimited(await ingest(busy), 'RATE_LIMIT.EXCEEDED', 60);
    expect((await ingest(other)).status).toBe(202);
  });

  it('should limit signed callbacks per address, before the signature is even checked', async () => {
    const callback = (address: string) => request(sys.apiUrl).post(`/v1/webhooks/${sys.workspaceId}/callbacks`).set(from(address)).send(purchase());
    for (let i = 0; i < 8; i++) expect((await callback('192.0.2.20')).body.error.code).toBe('WEBHOOK.BAD_SIGNATURE');
    expectLimited(await callback('192.0.2.20'), 'RATE_LIMIT.EXCEEDED', 60);
    expect((await callback('192.0.2.21')).body.error.code).toBe('WEBHOOK.BAD_SIGNATURE');
  });

  it('should limit admin writes per key but leave its reads alone', async () => {
    const [busy, other] = [await newKey('admin'), await newKey('admin')];
    const create = (key: string) => request(sys.apiUrl).post('/v1/campaigns').set(from('192.0.2.30', key)).send({ name: 'c', timezone: 'Asia/Shanghai' });
    for (let i = 0; i < 3; i++) expect((await create(busy)).status).toBe(201);
    expectLimited(await create(busy), 'RATE_LIMIT.EXCEEDED', 60);
    await request(sys.apiUrl).get('/v1/campaigns').set(from('192.0.2.30', busy)).expect(200);
    expect((await create(other)).status).toBe(201);
  });

  it('should slow one address down after a burst of bad keys, then lock it out on both apps, valid keys included', async () => {
    const valid = await newKey('viewer');
    const bad = (n: number) => `cyu_${n.toString(16).padStart(12, '0')}_${'b'.repeat(43)}`;
    const attacker = '198.51.100.7';
    const tryKey = (url: string, key: string, address = attacker) => request(url).get('/v1/campaigns').set(from(address, key));

    // Failed attempts count across both apps: they share the limiter in Redis.
    expect((await tryKey(sys.apiUrl, bad(1))).status).toBe(401);
    expect((await tryKey(sys.scoringUrl, bad(2))).status).toBe(401);
    expect((await tryKey(sys.apiUrl, bad(3))).status).toBe(401);
    expectLimited(await tryKey(sys.scoringUrl, bad(4)), 'AUTH.TOO_MANY_FAILURES', 2);
    expectLimited(await tryKey(sys.apiUrl, valid), 'AUTH.TOO_MANY_FAILURES', 2);
    await tryKey(sys.scoringUrl, valid, '198.51.100.8').expect(200); // another address is unaffected

    // Once the slow-down window has passed, two more failures reach the lockout threshold.
    await waitFor(async () => (await tryKey(sys.apiUrl, valid)).status === 200, 'the slow-down to end', 5_000);
    expect((await tryKey(sys.scoringUrl, bad(5))).status).toBe(401);
    expect((await tryKey(sys.apiUrl, bad(6))).status).toBe(401);
    expectLimited(await tryKey(sys.apiUrl, valid), 'AUTH.LOCKED_OUT', 600);
    const onScoring = await tryKey(sys.scoringUrl, valid);
    expectLimited(onScoring, 'AUTH.LOCKED_OUT', 600);
    expect(Number(onScoring.headers['retry-after'])).toBeGreaterThan(590);
    await tryKey(sys.scoringUrl, valid, '198.51.100.8').expect(200);
    // Public routes need no key and stay open.
    await request(sys.apiUrl).get('/health').set(from(attacker)).expect(200);
  });
});
