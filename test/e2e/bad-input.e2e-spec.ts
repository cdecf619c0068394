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
    // The state it is already in: a no-op (a retried request), answered with the campaign, nothing written.
    expect((await api.post(`/v1/campaigns/${campaignId}/status`).set(as(sys.key)).send({ status: 'draft' }).expect(200)).body.status).toBe('draft');
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

  // Each of these answered 500 before (found by probing with a valid key).
  describe('malformed requests that once answered 500', () => {
    const json = (method: 'post' | 'put' | 'patch', path: string, raw: string) =>
      request(sys.apiUrl)[method](path).set(as(sys.key)).set('content-type', 'application/json').send(raw);

    it('should refuse JSON nested thousands deep with 400 REQUEST.TOO_DEEP before parsing it', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const before = await rows('campaign');
      expectError(await json('post', '/v1/campaigns', `{"name":${deep},"timezone":"Asia/Shanghai"}`), 400, 'REQUEST.TOO_DEEP');
      expectError(await json('post', '/v1/events', `{"events":[${deep}]}`), 400, 'REQUEST.TOO_DEEP');
      // 32 levels are fine: the request fails on its fields, not its shape.
      const nested = '['.repeat(29) + ']'.repeat(29);
      expectError(await json('post', '/v1/campaigns', `{"name":"n","timezone":"Asia/Shanghai","scoring":{"tie":${nested}}}`), 400, 'REQUEST.VALIDATION_FAILED');
      expect(await rows('campaign')).toBe(before);
    });

    it('should refuse a node without trigger or mechanic, or with an array in their place', async () => {
      const { trigger: _t, ...noTrigger } = socialPostNodeBody();
      const { mechanic: _m, ...noMechanic } = socialPostNodeBody();
      const bodies = [
        noTrigger,
        noMechanic,
        socialPostNodeBody({ trigger: null }),
        socialPostNodeBody({ trigger: [{ eventType: 'purchase' }] }),
        socialPostNodeBody({ mechanic: [socialPostNodeBody().mechanic] }),
        socialPostNodeBody({ window: { weekly: [[{ days: [2], from: '10:00', to: '22:00' }]] } }),
        socialPostNodeBody({ trigger: { eventType: 'purchase', conditions: [null] } }),
      ];
      const before = await rows('node');
      for (const body of bodies) {
        expectError(await request(sys.apiUrl).post(`/v1/campaigns/${campaignId}/nodes`).set(as(sys.key)).send(body), 400, 'REQUEST.VALIDATION_FAILED');
      }
      expect(await rows('node')).toBe(before);
    });

    it('should take null as "none" for optional node fields', async () => {
      const body = socialPostNodeBody({ window: null, audience: null, channel: null, reentry: null, trigger: { eventType: 'purchase', conditions: null } });
      const node = (await request(sys.apiUrl).post(`/v1/campaigns/${campaignId}/nodes`).set(as(sys.key)).send(body).expect(201)).body;
      expect(node).toMatchObject({ audienceCircles: null, weeklySlots: null, windowStartsAt: null, conditions: [], channel: 'sandbox', reentry: 'once' });
      await sys.db.query('DELETE FROM node WHERE id = $1', [node.id]);
    });

    it('should clear nullable campaign fields with null and refuse null for name and timezone with one message', async () => {
      const api = request(sys.apiUrl);
      const nulls = { description: null, startsAt: null, endsAt: null, quietHours: null, frequencyCap: null, scoring: null };
      const created = (await api.post('/v1/campaigns').set(as(sys.key)).send(campaignBody(nulls)).expect(201)).body;
      expect(created).toMatchObject({ description: '', startsAt: null, endsAt: null, quietHours: null, frequencyCap: null, scoring: {} });
      const full = {
        description: 'd',
        startsAt: '2026-03-01T00:00:00+08:00',
        endsAt: '2026-06-01T00:00:00+08:00',
        quietHours: { from: '22:00', to: '08:00' },
        frequencyCap: { max: 3, perHours: 24 },
        scoring: { depthDecay: 0.5 },
      };
      await api.patch(`/v1/campaigns/${created.id}`).set(as(sys.key)).send(full).expect(200);
      const cleared = (await api.patch(`/v1/campaigns/${created.id}`).set(as(sys.key)).send(nulls).expect(200)).body;
      expect(cleared).toMatchObject({ description: '', startsAt: null, endsAt: null, quietHours: null, frequencyCap: null, scoring: {} });
      const audits = await rows('audit_log');
      for (const field of ['name', 'timezone']) {
        for (const res of [await api.post('/v1/campaigns').set(as(sys.key)).send(campaignBody({ [field]: null })), await api.patch(`/v1/campaigns/${created.id}`).set(as(sys.key)).send({ [field]: null })]) {
          expectError(res, 400, 'REQUEST.VALIDATION_FAILED');
          expect(res.body.error.details.problems).toEqual([`${field}: ${field} may not be null`]);
        }
      }
      expect(await rows('audit_log')).toBe(audits);
    });

    it('should refuse a lone UTF-16 surrogate in a value or a key with 400 and store nothing', async () => {
      const before = { campaign: await rows('campaign'), event: await rows('inbound_event') };
      const res = await json('post', '/v1/campaigns', '{"name":"Tuesday \\ud800","timezone":"Asia/Shanghai"}');
      expectError(res, 400, 'REQUEST.VALIDATION_FAILED');
      expect(res.body.error.details).toEqual({ at: 'body.name' });
      const event = JSON.stringify(eventBody('purchase', 'lone-1')).replace('"data":{', '"data":{"k\\udfff":1,');
      expectError(await json('post', '/v1/events', event), 400, 'REQUEST.VALIDATION_FAILED');
      expectError(await request(sys.apiUrl).get('/v1/messages').query('status=%ED%A0%80').set(as(sys.key)), 400, 'REQUEST.VALIDATION_FAILED');
      expect({ campaign: await rows('campaign'), event: await rows('inbound_event') }).toEqual(before);
    });

    it('should refuse a cursor whose date no row can have with PAGINATION.BAD_CURSOR', async () => {
      for (const iso of ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']) {
        const cursor = Buffer.from(`${iso}|00000000-0000-4000-8000-000000000000`).toString('base64url');
        expectError(await request(sys.apiUrl).get('/v1/campaigns').query({ cursor }).set(as(sys.key)), 400, 'PAGINATION.BAD_CURSOR');
      }
    });

    it('should answer 415 to a body that is not JSON, and change a circle only when "circle" is sent', async () => {
      const api = request(sys.apiUrl);
      const circle = async () => (await api.get('/v1/participants/fan-1').set(as(sys.key)).expect(200)).body.circle;
      await api.put('/v1/participants/fan-1').set(as(sys.key)).send({ circle: 'core-fans' }).expect(200);
      const audits = await rows('audit_log');
      expectError(await api.put('/v1/participants/fan-1').set(as(sys.key)).set('content-type', 'text/plain').send('{"circle":null}'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      expectError(await api.put('/v1/participants/fan-1').set(as(sys.key)).type('form').send({ circle: 'x' }), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      expectError(await api.post('/v1/events').set(as(sys.key)).set('content-type', 'application/x-www-form-urlencoded').send('type=purchase'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      expect(await rows('audit_log')).toBe(audits);
      expect(await circle()).toBe('core-fans');
      await api.put('/v1/participants/fan-1').set(as(sys.key)).set('content-type', 'application/json; charset=utf-8').send('{}').expect(200);
      expect(await circle()).toBe('core-fans');
      await api.put('/v1/participants/fan-1').set(as(sys.key)).send({ circle: null }).expect(200);
      expect(await circle()).toBeNull();
    });
  });
});

