import { DateTime } from 'luxon';
import request from 'supertest';
import { provisionWorkspace } from '@lib/access';
import { campaignBody, eventBody, socialPostNodeBody, waitForVerdicts } from '@lib/testing';
import { useSystem } from '../support/system';

// Every client mistake is a 4xx with a stable code, and nothing is written.
describe('bad input and access control', () => {
  const sys = useSystem('Shop A');
  let otherKey: string;
  let campaignId: string;
  const as = (k: string) => ({ authorization: `Bearer ${k}` });
  const rows = async (table: string) => Number((await sys.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    otherKey = (await provisionWorkspace(sys.db, 'Shop B', 'shop-b')).adminKey;
    campaignId = (await request(sys.apiUrl).post('/v1/campaigns').set(as(sys.key)).send(campaignBody()).expect(201)).body.id;
  });

  const expectError = (res: request.Response, status: number, code: string) => {
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  };

  it('should answer 400 MALFORMED_JSON when the body is not JSON', async () => {
    const res = await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).set('content-type', 'application/json').send('{"type": "purchase",');
    expectError(res, 400, 'REQUEST.MALFORMED_JSON');
    expect(await rows('inbound_event')).toBe(0);
  });

  it('should judge each event on its own: bad ones are rejected with a reason and a field, the rest stored', async () => {
    const good = eventBody('purchase', 'p1');
    const { idempotencyKey: _drop, ...noKey } = eventBody('purchase', 'p2');
    const wrongTypes = { ...eventBody('purchase', 'p3'), participantId: 42 };
    const undeclared = eventBody('refund', 'p4');
    const badData = eventBody('purchase', 'p5', { data: { amount: -1 } });
    const badCurrency = eventBody('purchase', 'p6', { data: { currency: 'RMB' } });
    const badDate = eventBody('purchase', 'p7', { occurredAt: '2026-02-30T10:00:00+08:00' });
    const noZone = eventBody('purchase', 'p8', { occurredAt: '2026-03-03T10:00:00' });
    const blankKey = eventBody('purchase', 'p9', { idempotencyKey: '   ' });
    const [events, participants] = [await rows('inbound_event'), await rows('participant')];
    const res = await request(sys.apiUrl).post('/v1/events').set(as(sys.key))
      .send({ events: [good, noKey, wrongTypes, undeclared, badData, badCurrency, badDate, noZone, blankKey, 42] }).expect(202);
    expect(res.body.results.map((r: Record<string, string>) => [r.status, r.reason, r.field])).toEqual([
      ['accepted', undefined, undefined],
      ['rejected', 'INVALID_EVENT', 'idempotencyKey'],
      ['rejected', 'INVALID_EVENT', 'participantId'],
      ['rejected', 'UNKNOWN_EVENT_TYPE', 'type'],
      ['rejected', 'INVALID_EVENT_DATA', 'data.amount'],
      ['rejected', 'INVALID_EVENT_DATA', 'data.currency'],
      ['rejected', 'INVALID_EVENT', 'occurredAt'],
      ['rejected', 'INVALID_EVENT', 'occurredAt'],
      ['rejected', 'INVALID_EVENT', 'idempotencyKey'],
      ['rejected', 'INVALID_EVENT', 'event'],
    ]);
    expect(res.body.results[1].message).toBe('idempotencyKey is required');
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 9 });
    // Rejected events create nothing: no participant, no event, no key reserved.
    expect([await rows('inbound_event'), await rows('participant')]).toEqual([events + 1, participants + 1]);
    const retried = await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send({ ...badData, data: { ...(badData.data as object), amount: 5 } }).expect(202);
    expect(retried.body.results[0].status).toBe('accepted');
  });

  it('should refuse a reused idempotency key with another body, and take the same event in another zone as a duplicate', async () => {
    const original = eventBody('purchase', 'reuser', { occurredAt: '2026-12-01T09:00:00+08:00' });
    const id = (await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send(original).expect(202)).body.results[0].eventId;
    const sameInstant = { ...original, occurredAt: '2026-12-01T01:00:00Z' };
    const changed = { ...original, data: { ...(original.data as object), amount: 99999 } };
    const res = await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send({ events: [sameInstant, changed] }).expect(202);
    expect(res.body.results).toEqual([
      { index: 0, idempotencyKey: original.idempotencyKey, status: 'duplicate', eventId: id },
      expect.objectContaining({ index: 1, status: 'rejected', reason: 'IDEMPOTENCY_KEY_REUSED', eventId: id }),
    ]);
    const inBatch = eventBody('purchase', 'reuser-2');
    const twin = { ...inBatch, participantId: 'someone-else' };
    const both = await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send({ events: [inBatch, twin] }).expect(202);
    expect(both.body.results.map((r: { status: string; reason?: string }) => [r.status, r.reason])).toEqual([['accepted', undefined], ['rejected', 'IDEMPOTENCY_KEY_REUSED']]);
    expect(Number((await sys.db.query(`SELECT count(*) AS n FROM participant WHERE external_id = 'someone-else'`))[0].n)).toBe(0);
  });

  it('should keep whole-request errors for requests that are not events at all', async () => {
    const before = await rows('inbound_event');
    for (const body of [{}, { hello: 1 }, { events: 'x' }, { events: [] }]) {
      const res = await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).set('content-type', 'application/json').send(JSON.stringify(body));
      expectError(res, 400, 'REQUEST.VALIDATION_FAILED');
    }
    expect(await rows('inbound_event')).toBe(before);
  });

  it('should refuse NUL characters, odd cursors and bad weights with 400 and write nothing', async () => {
    const api = request(sys.apiUrl);
    const nul = eventBody('purchase', 'p1', { data: { note: 'a\u0000b' } });
    const eventsBefore = await rows('inbound_event');
    expectError(await api.post('/v1/events').set(as(sys.key)).send(nul), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api.get('/v1/participants/ab%00cd').set(as(sys.key)), 400, 'REQUEST.VALIDATION_FAILED');
    const cursor = Buffer.from('2026-01-01T00:00:00.000Z|not-a-uuid').toString('base64url');
    expectError(await api.get('/v1/campaigns').query({ cursor }).set(as(sys.key)), 400, 'PAGINATION.BAD_CURSOR');
    const weights = campaignBody({ scoring: { tie: { weibo: 'strong' } } });
    expectError(await api.post('/v1/campaigns').set(as(sys.key)).send(weights), 400, 'REQUEST.VALIDATION_FAILED');
    const unknownChannel = campaignBody({ scoring: { tie: { myspace: 1 } } });
    expectError(await api.post('/v1/campaigns').set(as(sys.key)).send(unknownChannel), 400, 'REQUEST.VALIDATION_FAILED');
    const alwaysQuiet = campaignBody({ quietHours: { from: '22:00', to: '22:00' } });
    expectError(await api.post('/v1/campaigns').set(as(sys.key)).send(alwaysQuiet), 400, 'REQUEST.VALIDATION_FAILED');
    expect(await rows('inbound_event')).toBe(eventsBefore);
    expect(await rows('campaign')).toBe(1);
  });

  it('should answer 413 when a batch is over the limit or the body is too large', async () => {
    const before = await rows('inbound_event');
    const events = Array.from({ length: 1001 }, (_, i) => eventBody('purchase', `p${i}`));
    expectError(await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send({ events }), 413, 'INGEST.BATCH_TOO_LARGE');
    const huge = { events: [eventBody('purchase', 'p1', { data: { blob: 'x'.repeat(3 * 1024 * 1024) } })] };
    expectError(await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send(huge), 413, 'REQUEST.BODY_TOO_LARGE');
    expect(await rows('inbound_event')).toBe(before);
  });

  it('should reject per event an occurredAt beyond the clock skew, and store the rest', async () => {
    const before = await rows('inbound_event');
    const future = eventBody('purchase', 'p9', { occurredAt: new Date(Date.now() + 3_600_000).toISOString() });
    const res = await request(sys.apiUrl).post('/v1/events').set(as(sys.key)).send({ events: [future, eventBody('purchase', 'p10')] }).expect(202);
    expect(res.body.results.map((r: { status: string; reason?: string }) => [r.status, r.reason])).toEqual([
      ['rejected', 'OCCURRED_AT_IN_FUTURE'],
      ['accepted', undefined],
    ]);
    expect(await rows('inbound_event')).toBe(before + 1);
  });

  it('should answer 401 without a key and 403 for a role that may not act', async () => {
    expectError(await request(sys.apiUrl).get('/v1/campaigns'), 401, 'AUTH.UNAUTHORIZED');
    expectError(await request(sys.apiUrl).get('/v1/campaigns').set(as('cyu_000000000000_nope')), 401, 'AUTH.UNAUTHORIZED');
    const ingestKey = (await request(sys.apiUrl).post('/v1/api-keys').set(as(sys.key)).send({ name: 'shop', role: 'ingest' }).expect(201)).body.key;
    expectError(await request(sys.apiUrl).post('/v1/campaigns').set(as(ingestKey)).send(campaignBody()), 403, 'AUTH.FORBIDDEN_ROLE');
    const viewerKey = (await request(sys.apiUrl).post('/v1/api-keys').set(as(sys.key)).send({ name: 'board', role: 'viewer' }).expect(201)).body.key;
    await request(sys.apiUrl).get(`/v1/campaigns/${campaignId}`).set(as(viewerKey)).expect(200);
    expectError(await request(sys.apiUrl).post(`/v1/campaigns/${campaignId}/status`).set(as(viewerKey)).send({ status: 'scheduled' }), 403, 'AUTH.FORBIDDEN_ROLE');
  });

  it("should hide another workspace's campaign as 404 everywhere", async () => {
    const api = request(sys.apiUrl);
    expectError(await api.get(`/v1/campaigns/${campaignId}`).set(as(otherKey)), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api.patch(`/v1/campaigns/${campaignId}`).set(as(otherKey)).send({ name: 'x' }), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api.post(`/v1/campaigns/${campaignId}/nodes`).set(as(otherKey)).send(socialPostNodeBody()), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/outcomes`).set(as(otherKey)), 404, 'CAMPAIGN.NOT_FOUND');
    expect((await api.get('/v1/campaigns').set(as(otherKey)).expect(200)).body.items).toEqual([]);
  });

  it('should answer 404 for unknown campaigns and 409 for illegal transitions', async () => {
    const api = request(sys.apiUrl);
    expectError(await api.get('/v1/campaigns/00000000-0000-4000-8000-000000000000').set(as(sys.key)), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api.get('/v1/campaigns/not-a-uuid').set(as(sys.key)), 404, 'CAMPAIGN.NOT_FOUND');
    const before = await rows('audit_log');
    expectError(await api.post(`/v1/campaigns/${campaignId}/status`).set(as(sys.key)).send({ status: 'live' }), 409, 'CAMPAIGN.ILLEGAL_TRANSITION');
    expectError(await api.post(`/v1/campaigns/${campaignId}/status`).set(as(sys.key)).send({ status: 'bogus' }), 400, 'REQUEST.VALIDATION_FAILED');
    expect(await rows('audit_log')).toBe(before);
  });

  it('should refuse bad campaign and node definitions with stable codes', async () => {
    const api = request(sys.apiUrl);
    expectError(await api.post('/v1/campaigns').set(as(sys.key)).send(campaignBody({ timezone: 'Mars/Olympus' })), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api.post('/v1/campaigns').set(as(sys.key)).send(campaignBody({ extra: 1 })), 400, 'REQUEST.VALIDATION_FAILED');
    const badConfig = socialPostNodeBody({ mechanic: { kind: 'social-post', config: { prompts: [], topic: 'has#hash' } } });
    const res = await api.post(`/v1/campaigns/${campaignId}/nodes`).set(as(sys.key)).send(badConfig);
    expectError(res, 400, 'MECHANIC.CONFIG_INVALID');
    expect(res.body.error.details.problems.length).toBeGreaterThanOrEqual(2);
    const unknownKind = socialPostNodeBody({ mechanic: { kind: 'telepathy', config: {} } });
    expectError(await api.post(`/v1/campaigns/${campaignId}/nodes`).set(as(sys.key)).send(unknownKind), 400, 'MECHANIC.UNKNOWN_KIND');
    const badSlot = socialPostNodeBody({ window: { weekly: [{ days: [8], from: '25:00', to: '10:00' }] } });
    expectError(await api.post(`/v1/campaigns/${campaignId}/nodes`).set(as(sys.key)).send(badSlot), 400, 'REQUEST.VALIDATION_FAILED');
    expect(await rows('node')).toBe(0);
  });

  it('should explain why an event did not enter: paused campaign, audience, window', async () => {
    const api = request(sys.apiUrl);
    const c = (await api.post('/v1/campaigns').set(as(sys.key)).send(campaignBody({ name: 'explained', startsAt: new Date(Date.now() - 20 * 86_400_000).toISOString() })).expect(201)).body.id;
    const tuesdays = { weekly: [{ days: [2], from: '10:00', to: '22:00' }] };
    await api.post(`/v1/campaigns/${c}/nodes`).set(as(sys.key)).send(socialPostNodeBody({ name: 'tuesday', window: tuesdays, maxLatenessHours: 720 })).expect(201);
    await api.post(`/v1/campaigns/${c}/nodes`).set(as(sys.key)).send(socialPostNodeBody({ name: 'core only', audience: { circles: ['core-fans'] }, maxLatenessHours: 720 })).expect(201);
    await api.post(`/v1/campaigns/${c}/status`).set(as(sys.key)).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${c}/status`).set(as(sys.key)).send({ status: 'live' }).expect(200);
    // Last Monday 15:00 in Shanghai: outside the Tuesday slot, and not a core fan.
    const lastMonday = DateTime.now().setZone('Asia/Shanghai').startOf('week').minus({ weeks: 1 }).set({ hour: 15 });
    const monday = eventBody('purchase', 'casual-1', { occurredAt: lastMonday.toISO() });
    const id = (await api.post('/v1/events').set(as(sys.key)).send(monday).expect(202)).body.results[0].eventId;
    const explained = await waitForVerdicts(sys.apiUrl, sys.key, id);
    const reasons = Object.fromEntries(explained.map((n) => [n.nodeName, n.reason]));
    expect(reasons).toEqual({ tuesday: 'OUTSIDE_WEEKLY_SLOT', 'core only': 'AUDIENCE_MISMATCH' });

    // Paused: an event that happens during the pause enters nothing, judged at its occurredAt.
    await api.post(`/v1/campaigns/${c}/status`).set(as(sys.key)).send({ status: 'paused' }).expect(200);
    const duringPause = eventBody('purchase', 'casual-1', { occurredAt: new Date().toISOString() });
    const id2 = (await api.post('/v1/events').set(as(sys.key)).send(duringPause).expect(202)).body.results[0].eventId;
    const paused = await waitForVerdicts(sys.apiUrl, sys.key, id2);
    expect(paused.map((n) => n.reason)).toEqual(['CAMPAIGN_PAUSED', 'CAMPAIGN_PAUSED']);
    expectError(await api.get('/v1/events/00000000-0000-4000-8000-000000000000/explain').set(as(sys.key)), 404, 'EVENT.NOT_FOUND');
  });
});
