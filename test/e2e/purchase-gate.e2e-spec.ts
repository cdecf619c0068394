import request from 'supertest';
import { DateTime } from 'luxon';
import { provisionWorkspace } from '@lib/access';
import { CODE_ALPHABET } from '@lib/domain';
import { eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

const ZONE = 'Asia/Shanghai';
const EVERY_DAY = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '00:00' }];

// The purchase gate over HTTP: its rules (roles, bad input, other workspaces) and the answers
// that need no code. Window edges and DST are the domain's unit specs (weekly-opening.spec.ts).
describe('purchase gate', () => {
  const sys = useSystem('Gate shop');
  const keys: Record<string, string> = {};
  let otherAdmin: string;
  let campaignId: string;
  const api = () => request(sys.apiUrl);
  const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });
  const gate = (c = campaignId) => `/v1/campaigns/${c}/purchase-gate`;
  const expectError = (res: request.Response, status: number, code: string) => expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });

  beforeAll(async () => {
    keys.admin = sys.key;
    for (const role of ['marketer', 'viewer', 'ingest']) {
      keys[role] = (await api().post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    }
    otherAdmin = (await provisionWorkspace(sys.db, 'Other gate shop', 'other-gate-shop')).adminKey;
    campaignId = (await api().post('/v1/campaigns').set(sys.auth()).send({ name: 'Mi 1 launch', timezone: ZONE }).expect(201)).body.id;
  });

  it('lets everything through while a campaign has no gate', async () => {
    expectError(await api().get(gate()).set(as('viewer')), 404, 'PURCHASE_GATE.NOT_FOUND');
    const res = await api().post(`${gate()}/checks`).set(as('ingest')).send({ participantId: 'fan-1', sku: 'mi-1' }).expect(200);
    expect(res.body).toMatchObject({ allowed: true, reason: 'NOT_GATED' });
  });

  it('refuses bad gates and wrong roles, and writes nothing', async () => {
    const bad = [
      {},
      { openPurchase: [{ days: [8], from: '10:00', to: '22:00' }] },
      { openPurchase: [{ days: [2], from: '24:00', to: '22:00' }] },
      { openPurchase: [{ days: [], from: '10:00', to: '22:00' }] },
      { openPurchase: [], skus: [] },
      { openPurchase: [], skus: 'mi-1' },
      { openPurchase: null },
    ];
    for (const body of bad) expectError(await api().put(gate()).set(as('marketer')).send(body), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().put(gate()).set(as('viewer')).send({ openPurchase: [] }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().put(gate()).set(as('ingest')).send({ openPurchase: [] }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().put(gate()).set({ authorization: `Bearer ${otherAdmin}` }).send({ openPurchase: [] }), 404, 'CAMPAIGN.NOT_FOUND');
    expect(await sys.db.query('SELECT * FROM purchase_gate')).toEqual([]);
  });

  it('opens to anyone inside an open-purchase slot', async () => {
    const put = await api().put(gate()).set(as('marketer')).send({ skus: ['mi-1', 'mi-1'], openPurchase: EVERY_DAY }).expect(200);
    expect(put.body).toEqual({ campaignId, skus: ['mi-1'], openPurchase: EVERY_DAY, timezone: ZONE, version: 1, updatedAt: expect.any(String) });
    const res = await api().post(`${gate()}/checks`).set(as('ingest')).send({ participantId: 'fan-1', sku: 'mi-1' }).expect(200);
    expect(res.body).toMatchObject({ allowed: true, reason: 'OPEN_PURCHASE', window: { opensAt: expect.any(String), closesAt: expect.any(String) } });
    const { opensAt, closesAt } = res.body.window;
    expect(Date.parse(opensAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(closesAt)).toBeGreaterThan(Date.now());
    // A product the gate does not name needs nothing.
    expect((await api().post(`${gate()}/checks`).set(as('ingest')).send({ participantId: 'fan-1', sku: 'charger' }).expect(200)).body.reason).toBe('NOT_GATED');
  });

  it('asks for a code outside the slots and names the next opening in the campaign zone', async () => {
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
    await api().put(gate()).set(as('marketer')).send({ skus: ['mi-1'], openPurchase: [{ days: [tomorrow.weekday], from: '10:00', to: '22:00' }] }).expect(200);
    const res = await api().post(`${gate()}/checks`).set(as('ingest')).send({ participantId: 'fan-1', sku: 'mi-1' }).expect(200);
    expect(res.body).toEqual({
      allowed: false,
      reason: 'CODE_REQUIRED',
      message: expect.any(String),
      nextOpening: { opensAt: tomorrow.set({ hour: 10 }).toUTC().toISO({ suppressMilliseconds: false }), closesAt: tomorrow.set({ hour: 22 }).toUTC().toISO() },
    });
    const view = await api().get(gate()).set(as('viewer')).expect(200);
    expect(view.body).toMatchObject({ version: 2, openPurchase: [{ days: [tomorrow.weekday], from: '10:00', to: '22:00' }] });
  });

  it('holds a code for the purchase outside open purchase, and the purchase event uses it', async () => {
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
    await api().put(gate()).set(as('marketer')).send({ skus: ['mi-1'], openPurchase: [{ days: [tomorrow.weekday], from: '10:00', to: '22:00' }] }).expect(200);
    const pool = (await api().post(`/v1/campaigns/${campaignId}/code-pools`).set(as('marketer')).send({ name: 'F-codes', skus: ['mi-1'], holdSeconds: 300 }).expect(201)).body;
    const [a, b] = (await api().post(`/v1/campaigns/${campaignId}/code-pools/${pool.id}/codes`).set(as('marketer')).send({ count: 2 }).expect(201)).body.codes as string[];
    const check = (participantId: string, code: string) => api().post(`${gate()}/checks`).set(as('ingest')).send({ participantId, sku: 'mi-1', code }).expect(200);
    const typo = a.slice(0, -1) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(a.slice(-1)) + 1) % 32];
    expect((await check('fan-1', typo)).body).toMatchObject({ allowed: false, reason: 'CODE.TYPO', nextOpening: { opensAt: expect.any(String) } });

    const held = (await check('fan-1', a)).body;
    expect(held).toMatchObject({ allowed: true, reason: 'CODE_RESERVED', reservation: { id: expect.any(String), reservedUntil: expect.any(String) } });
    expect(Date.parse(held.reservation.reservedUntil) - Date.now()).toBeGreaterThan(290_000);
    // Asking again (a reloaded checkout) keeps the same hold; another buyer cannot take it.
    expect((await check('fan-1', a)).body.reservation.id).toBe(held.reservation.id);
    expect((await check('fan-2', a)).body).toMatchObject({ allowed: false, reason: 'CODE.RESERVED' });

    const purchase = eventBody('purchase', 'fan-1', { idempotencyKey: 'gate-order-1', data: { orderId: 'gate-order-1', sku: 'mi-1', amount: 1999, currency: 'CNY', reservationId: held.reservation.id } });
    await api().post('/v1/events').set(as('ingest')).send(purchase).expect(202);
    await waitFor(async () => (await sys.db.query(`SELECT state FROM invite_code WHERE reservation_id = $1`, [held.reservation.id]))[0]?.state === 'redeemed', 'the code used by the purchase');
    expect((await check('fan-1', a)).body).toMatchObject({ allowed: false, reason: 'CODE.ALREADY_USED' });

    // Inside open purchase the code is not needed, and not taken.
    await api().put(gate()).set(as('marketer')).send({ skus: ['mi-1'], openPurchase: EVERY_DAY }).expect(200);
    expect((await check('fan-3', b)).body).toMatchObject({ allowed: true, reason: 'OPEN_PURCHASE' });
    expect(await sys.db.query(`SELECT count(*)::int AS n FROM invite_code WHERE pool_id = $1 AND reservation_id IS NOT NULL`, [pool.id])).toEqual([{ n: 1 }]);
  });

  it('gives a held code back when the checkout is abandoned', async () => {
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');
    await api().put(gate()).set(as('marketer')).send({ skus: ['mi-1'], openPurchase: [{ days: [tomorrow.weekday], from: '10:00', to: '22:00' }] }).expect(200);
    const pool = (await api().post(`/v1/campaigns/${campaignId}/code-pools`).set(as('marketer')).send({ name: 'Abandoned', skus: ['mi-1'] }).expect(201)).body;
    const [code] = (await api().post(`/v1/campaigns/${campaignId}/code-pools/${pool.id}/codes`).set(as('marketer')).send({ count: 1 }).expect(201)).body.codes as string[];
    const check = (participantId: string) => api().post(`${gate()}/checks`).set(as('ingest')).send({ participantId, sku: 'mi-1', code }).expect(200);
    const held = (await check('fan-5')).body;
    expect((await check('fan-6')).body.reason).toBe('CODE.RESERVED');
    await api().delete(`${gate()}/reservations/${held.reservation.id}`).set(as('ingest')).expect(204);
    expectError(await api().delete(`${gate()}/reservations/${held.reservation.id}`).set(as('ingest')), 404, 'CODE.RESERVATION_NOT_FOUND');
    expectError(await api().delete(`${gate()}/reservations/not-a-uuid`).set(as('ingest')), 404, 'CODE.RESERVATION_NOT_FOUND');
    expectError(await api().delete(`${gate()}/reservations/${held.reservation.id}`).set(as('viewer')), 403, 'AUTH.FORBIDDEN_ROLE');
    // The code is free again: another buyer may hold it.
    expect((await check('fan-6')).body.reason).toBe('CODE_RESERVED');
  });

  it('refuses bad checks with 400 and other workspaces with 404', async () => {
    for (const body of [{}, { participantId: 'fan 1', sku: 'mi-1' }, { participantId: 'fan-1' }, { participantId: 'fan-1', sku: 'mi-1', code: 42 }]) {
      expectError(await api().post(`${gate()}/checks`).set(as('ingest')).send(body), 400, 'REQUEST.VALIDATION_FAILED');
    }
    expectError(await api().post(`${gate()}/checks`).set(as('viewer')).send({ participantId: 'fan-1', sku: 'mi-1' }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().post(`${gate()}/checks`).set({ authorization: `Bearer ${otherAdmin}` }).send({ participantId: 'fan-1', sku: 'mi-1' }), 404, 'CAMPAIGN.NOT_FOUND');
  });
});
