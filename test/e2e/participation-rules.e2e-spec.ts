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
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'open purchase' }, {
      trigger: { eventType: 'purchase-tuesday' },
      window: { weekly: [{ days: [2], from: '10:00', to: '22:00' }] },
      reentry: 'once_per_window',
    });
    const at = (iso: string) => eventBody('purchase-tuesday', 'regular', { occurredAt: iso });
    const first = await ingest(at('2026-03-03T10:30:00+08:00'));
    expect((await verdicts(first))[0]).toMatchObject({ matched: true });
    const again = await ingest(at('2026-03-03T21:59:00+08:00'));
    expect((await verdicts(again))[0]).toMatchObject({ matched: false, reason: 'REENTRY_BLOCKED' });
    const wednesday = await ingest(at('2026-03-04T11:00:00+08:00'));
    expect((await verdicts(wednesday))[0]).toMatchObject({ matched: false, reason: 'OUTSIDE_WEEKLY_SLOT' });
    const nextWeek = await ingest(at('2026-03-10T10:00:00+08:00'));
    expect((await verdicts(nextWeek))[0]).toMatchObject({ matched: true });
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
});
