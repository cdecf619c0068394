import { DateTime } from 'luxon';
import request from 'supertest';
import { createLiveCampaign, eventBody, waitForVerdicts } from '@lib/testing';
import { useSystem } from '../support/system';

// Who may enter a node, and how often: fan circles, weekly windows and re-entry, over HTTP.
describe('participation rules', () => {
  const sys = useSystem('Rules');

  const verdicts = (eventId: string) => waitForVerdicts(sys.apiUrl, sys.key, eventId);
  const ingest = async (body: Record<string, unknown>) =>
    (await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(body).expect(202)).body.results[0].eventId as string;

  it('should let a participant into a circle-only node once the API puts them in the circle', async () => {
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'core fans only' }, { trigger: { eventType: 'purchase-core' }, audience: { circles: ['core-fans'] } });
    const before = await ingest(eventBody('purchase-core', 'fan-7'));
    expect((await verdicts(before))[0]).toMatchObject({ matched: false, reason: 'AUDIENCE_MISMATCH' });
    const put = await request(sys.apiUrl).put('/v1/participants/fan-7').set(sys.auth()).send({ circle: 'core-fans' }).expect(200);
    expect(put.body.circle).toBe('core-fans');
    const after = await ingest(eventBody('purchase-core', 'fan-7'));
    expect((await verdicts(after))[0]).toMatchObject({ matched: true });
  });

  it('should enter once per weekly slot: twice in one Tuesday is blocked, the next Tuesday enters again', async () => {
    // Two Tuesdays in the past (Shanghai), both within the node's lateness limit.
    const tuesday = DateTime.now().setZone('Asia/Shanghai').startOf('week').minus({ weeks: 2 }).plus({ days: 1 });
    const iso = (d: DateTime) => d.toISO()!;
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'open purchase', startsAt: iso(tuesday.minus({ days: 3 })) }, {
      trigger: { eventType: 'purchase-tuesday' },
      window: { weekly: [{ days: [2], from: '10:00', to: '22:00' }] },
      reentry: 'once_per_window',
      maxLatenessHours: 720,
    });
    const at = (d: DateTime) => eventBody('purchase-tuesday', 'regular', { occurredAt: iso(d) });
    const first = await ingest(at(tuesday.set({ hour: 10, minute: 30 })));
    expect((await verdicts(first))[0]).toMatchObject({ matched: true });
    // The same Tuesday in another zone spelling (UTC): same slot, blocked.
    const again = await ingest(at(tuesday.set({ hour: 21, minute: 59 }).toUTC()));
    expect((await verdicts(again))[0]).toMatchObject({ matched: false, reason: 'REENTRY_BLOCKED' });
    const wednesday = await ingest(at(tuesday.plus({ days: 1 }).set({ hour: 11 })));
    expect((await verdicts(wednesday))[0]).toMatchObject({ matched: false, reason: 'OUTSIDE_WEEKLY_SLOT' });
    const nextWeek = await ingest(at(tuesday.plus({ weeks: 1 }).set({ hour: 10 }).setZone('America/New_York')));
    expect((await verdicts(nextWeek))[0]).toMatchObject({ matched: true });
  });

  it('should store but not activate an event received later than the node accepts (TOO_LATE)', async () => {
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'late syncs', startsAt: new Date(Date.now() - 10 * 86_400_000).toISOString() }, { trigger: { eventType: 'purchase-late' } });
    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000).toISOString();
    const late = await ingest(eventBody('purchase-late', 'slow-shop', { occurredAt: fourDaysAgo }));
    expect((await verdicts(late))[0]).toMatchObject({ matched: false, reason: 'TOO_LATE' });
    expect(Number((await sys.db.query('SELECT count(*) AS n FROM activity WHERE trigger_event_id = $1', [late]))[0].n)).toBe(0);
  });

  it('should stop a revoked key at once and keep roles apart', async () => {
    const api = request(sys.apiUrl);
    const created = (await api.post('/v1/api-keys').set(sys.auth()).send({ name: 'temp', role: 'viewer' }).expect(201)).body;
    await api.get('/v1/campaigns').set({ authorization: `Bearer ${created.key}` }).expect(200);
    await api.delete(`/v1/api-keys/${created.id}`).set(sys.auth()).expect(204);
    const refused = await api.get('/v1/campaigns').set({ authorization: `Bearer ${created.key}` });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'AUTH.UNAUTHORIZED']);
    const listed = (await api.get('/v1/api-keys').set(sys.auth()).expect(200)).body.items;
    expect(listed.find((k: { id: string }) => k.id === created.id).revokedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('should keep the start of a running campaign, and end it through its status rather than an endsAt in the past', async () => {
    const id = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'history kept' });
    const api = request(sys.apiUrl);
    const moved = await api.patch(`/v1/campaigns/${id}`).set(sys.auth()).send({ startsAt: new Date().toISOString() });
    expect([moved.status, moved.body.error.code]).toEqual([409, 'CAMPAIGN.SCHEDULE_LOCKED']);
    const past = await api.patch(`/v1/campaigns/${id}`).set(sys.auth()).send({ endsAt: new Date(Date.now() - 60_000).toISOString() });
    expect([past.status, past.body.error.code]).toEqual([409, 'CAMPAIGN.SCHEDULE_LOCKED']);
    await api.patch(`/v1/campaigns/${id}`).set(sys.auth()).send({ endsAt: new Date(Date.now() + 86_400_000).toISOString(), name: 'history kept (extended)' }).expect(200);
  });
});
