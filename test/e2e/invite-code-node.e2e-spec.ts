import request from 'supertest';
import { campaignBody, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// An invite-code node: whoever enters it (here: buys) is allocated codes from the node's pool
// within the pool's rules, in the activation's transaction, and gets them in a message.
describe('Invite-code node (invite-code mechanic)', () => {
  const sys = useSystem('Invite node shop');
  const api = () => request(sys.apiUrl);
  let campaignId: string;

  const activity = (external: string, n: number) =>
    waitFor(async () => {
      const rows: { state: string; reason: string | null }[] = await sys.db.query(
        `SELECT a.state, a.reason FROM activity a JOIN participant p ON p.id = a.participant_id WHERE p.external_id = $1 AND a.state <> 'pending' ORDER BY a.created_at`,
        [external],
      );
      return rows.length >= n ? rows : null;
    }, `${n} activities of ${external}`);
  const sent = (external: string) => api().get('/v1/messages').query({ participantId: external }).set(sys.auth());

  beforeAll(async () => {
    campaignId = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body.id;
    const pool = (await api().post(`/v1/campaigns/${campaignId}/code-pools`).set(sys.auth()).send({ name: 'buyers', circles: ['core-fans'], perParticipantLimit: 1 }).expect(201)).body;
    await api()
      .post(`/v1/campaigns/${campaignId}/nodes`)
      .set(sys.auth())
      .send({ name: 'Codes after purchase', trigger: { eventType: 'purchase' }, reentry: 'every_time', mechanic: { kind: 'invite-code', config: { poolId: pool.id } } })
      .expect(201);
    for (const status of ['scheduled', 'live']) await api().post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status }).expect(200);
    await api().put('/v1/participants/vip-1').set(sys.auth()).send({ circle: 'core-fans' }).expect(200);
  });

  it('should message fresh codes to a buyer in the circle, once within the limit, and refuse others by the pool rules', async () => {
    await api().post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'vip-1', { data: { sku: 'mi-11', amount: 1999 } })).expect(202);
    expect(await activity('vip-1', 1)).toEqual([{ state: 'completed', reason: null }]);
    const message = await waitFor(async () => (await sent('vip-1')).body.items?.find((m: { purpose: string }) => m.purpose === 'invite-codes'), 'the codes message');
    expect(message.body.codes).toHaveLength(1);
    const code = message.body.codes[0] as string;
    await api().post(`/v1/campaigns/${campaignId}/codes/redeem`).set(sys.auth()).send({ code, participantId: 'vip-1' }).expect(200);

    // A second purchase: the pool allows one code per participant.
    await api().post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'vip-1', { data: { sku: 'mi-11', amount: 1999 } })).expect(202);
    expect((await activity('vip-1', 2))[1]).toEqual({ state: 'failed', reason: 'CODE.PARTICIPANT_LIMIT_REACHED' });
    // Outside the circle: no code.
    await api().post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'plain-1', { data: { sku: 'mi-11', amount: 1999 } })).expect(202);
    expect(await activity('plain-1', 1)).toEqual([{ state: 'failed', reason: 'CODE.CIRCLE_NOT_ALLOWED' }]);
    expect((await sent('plain-1')).body.items).toEqual([]);
    expect((await sent('vip-1')).body.items.filter((m: { purpose: string }) => m.purpose === 'invite-codes')).toHaveLength(1);
    expect(Number((await sys.db.query(`SELECT count(*) AS n FROM invite_code WHERE campaign_id = $1`, [campaignId]))[0].n)).toBe(1);
  });
});
