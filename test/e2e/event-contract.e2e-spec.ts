import request from 'supertest';
import { createLiveCampaign, eventBody, socialPostNodeBody } from '@lib/testing';
import { useSystem } from '../support/system';

// A workspace's tracking plan: declared types with field rules, checked per event at ingest.
describe('declared event types', () => {
  const sys = useSystem('Contract');
  const api = () => request(sys.apiUrl);

  it('should check data against a declared type, refuse undeclared ones, and keep nodes to known types', async () => {
    const checkin = {
      name: 'meetup.checkin',
      description: 'a fan checked in at a city meetup',
      additionalFields: false,
      fields: [
        { name: 'city', type: 'string', required: true, enum: ['Beijing', 'Shanghai'] },
        { name: 'guests', type: 'integer', min: 0, max: 3 },
      ],
    };
    expect((await api().post('/v1/event-types').set(sys.auth()).send(checkin).expect(201)).body).toMatchObject({ type: 'meetup.checkin', builtIn: false });
    expect((await api().post('/v1/event-types').set(sys.auth()).send(checkin)).body.error.code).toBe('EVENT_TYPE.EXISTS');
    expect((await api().post('/v1/event-types').set(sys.auth()).send({ ...checkin, name: 'purchase' })).body.error.code).toBe('EVENT_TYPE.BUILT_IN');
    const listed = (await api().get('/v1/event-types').set(sys.auth()).expect(200)).body.items.map((t: { type: string }) => t.type);
    expect(listed).toEqual(expect.arrayContaining(['purchase', 'post', 'repost', 'follow', 'referral', 'meetup.checkin']));

    const res = await api().post('/v1/events').set(sys.auth()).send({
      events: [
        eventBody('meetup.checkin', 'fan-1', { data: { city: 'Beijing', guests: 2 } }),
        eventBody('meetup.checkin', 'fan-2', { data: { city: 'Wuhan' } }),
        eventBody('meetup.checkin', 'fan-3', { data: { city: 'Shanghai', note: 'extra' } }),
        eventBody('meetup.checkout', 'fan-4'),
      ],
    }).expect(202);
    expect(res.body.results.map((r: { status: string; reason?: string; field?: string }) => [r.status, r.reason, r.field])).toEqual([
      ['accepted', undefined, undefined],
      ['rejected', 'INVALID_EVENT_DATA', 'data.city'],
      ['rejected', 'INVALID_EVENT_DATA', 'data.note'],
      ['rejected', 'UNKNOWN_EVENT_TYPE', 'type'],
    ]);

    const campaign = (await api().post('/v1/campaigns').set(sys.auth()).send({ name: 'meetups', timezone: 'Asia/Shanghai' }).expect(201)).body.id;
    const unknown = await api().post(`/v1/campaigns/${campaign}/nodes`).set(sys.auth()).send(socialPostNodeBody({ trigger: { eventType: 'meetup.checkout' } }));
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'EVENT_TYPE.UNKNOWN']);
    await api().post(`/v1/campaigns/${campaign}/nodes`).set(sys.auth()).send(socialPostNodeBody({ trigger: { eventType: 'meetup.checkin' } })).expect(201);
    expect((await api().delete('/v1/event-types/meetup.checkin').set(sys.auth())).body.error.code).toBe('EVENT_TYPE.IN_USE');

    // Replacing the rules applies to the next events.
    await api().put('/v1/event-types/meetup.checkin').set(sys.auth()).send({ fields: [{ name: 'city', type: 'string', required: true }] }).expect(200);
    const later = await api().post('/v1/events').set(sys.auth()).send(eventBody('meetup.checkin', 'fan-2', { data: { city: 'Wuhan' } })).expect(202);
    expect(later.body.results[0].status).toBe('accepted');
  });

  it('should let viewers and ingest keys read the contract but not change it', async () => {
    const ingestKey = (await api().post('/v1/api-keys').set(sys.auth()).send({ name: 'shop', role: 'ingest' }).expect(201)).body.key;
    await api().get('/v1/event-types/purchase').set({ authorization: `Bearer ${ingestKey}` }).expect(200);
    const refused = await api().post('/v1/event-types').set({ authorization: `Bearer ${ingestKey}` }).send({ name: 'x.y', fields: [] });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN_ROLE']);
    await createLiveCampaign(sys.apiUrl, sys.key, { name: 'declared by the helper' }, { trigger: { eventType: 'custom.thing' } });
    expect((await api().get('/v1/event-types/custom.thing').set(sys.auth()).expect(200)).body).toMatchObject({ fields: [], additionalFields: true });
  });
});
