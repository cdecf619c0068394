import request from 'supertest';
import { MaintenanceLoop } from '../../apps/worker/src/maintenance/maintenance-loop';
import { CodeReservations } from '@lib/codes';
import { checkSymbol, CODE_ALPHABET } from '@lib/domain';
import { createLiveCampaign, eventBody, waitFor, waitForInvitation } from '@lib/testing';
import { useSystem } from '../support/system';

// A low lockout for this file only (read when the apps boot in useSystem's beforeAll).
process.env.CODE_FAILURES_LOCKOUT_AFTER = '4';

// Invite codes over HTTP: pools and their rules, generation shown once, allocation within the
// rules, redemption with its outcome codes, gifts as spread events, reservations consumed by a
// purchase in the worker, the lockout; wrong roles and bad input write nothing.
describe('invite codes API', () => {
  const sys = useSystem('Code shop');
  const keys: Record<string, string> = {};
  let campaignId: string;
  const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });
  const api = () => request(sys.apiUrl);
  const expectError = (res: request.Response, status: number, code: string) => expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  const pools = () => `/v1/campaigns/${campaignId}/code-pools`;
  const codes = () => `/v1/campaigns/${campaignId}/codes`;
  const rows = async (sql: string, params: unknown[] = []) => Number((await sys.db.query(sql, params))[0].n);
  const typoOf = (code: string) => code.slice(0, -1) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(code.slice(-1)) + 1) % 32];

  beforeAll(async () => {
    keys.admin = sys.key;
    for (const role of ['marketer', 'staff', 'viewer', 'ingest']) keys[role] = (await api().post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
  });

  it('should refuse wrong roles and bad input with nothing written', async () => {
    expectError(await api().post(pools()).set(as('viewer')).send({ name: 'x' }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().post(pools()).set(as('marketer')).send({ name: 'x', holdSeconds: 'long' }), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().post(pools()).set(as('marketer')).send({ name: 'x', circles: ['Core Fans!'] }), 400, 'REQUEST.VALIDATION_FAILED');
    expect(await rows('SELECT count(*) AS n FROM code_pool')).toBe(0);
    const pool = (await api().post(pools()).set(as('marketer')).send({ name: 'guarded' }).expect(201)).body;
    expectError(await api().post(`${pools()}/${pool.id}/codes`).set(as('staff')).send({ count: 5 }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().post(`${pools()}/${pool.id}/codes`).set(as('marketer')).send({ count: 100_001 }), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().post(`${pools()}/${pool.id}/allocations`).set(as('viewer')).send({ participantId: 'p1' }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().post(`${pools()}/${pool.id}/allocations`).set(as('marketer')).send({ participantId: 'p 1' }), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().post(`${codes()}/redeem`).set(as('viewer')).send({ code: 'X', participantId: 'p1' }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().post(`${codes()}/redeem`).set(as('ingest')).send({ code: 42, participantId: 'p1' }), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().get(`${pools()}/not-a-uuid`).set(as('viewer')), 404, 'CODE.POOL_NOT_FOUND');
    expect(await rows('SELECT count(*) AS n FROM invite_code')).toBe(0);
    expect(await rows('SELECT count(*) AS n FROM code_attempt')).toBe(0);
  });

  it('should generate codes shown once (JSON or CSV), count them by state, and refuse a retried Idempotency-Key', async () => {
    const pool = (await api().post(pools()).set(as('marketer')).send({ name: 'print run', capacity: 10 }).expect(201)).body;
    const made = (await api().post(`${pools()}/${pool.id}/codes`).set(as('marketer')).set('Idempotency-Key', 'run-1').send({ count: 4 }).expect(201)).body;
    expect(made.codes).toHaveLength(4);
    expect(made.codes[0]).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}$/);
    expectError(await api().post(`${pools()}/${pool.id}/codes`).set(as('marketer')).set('Idempotency-Key', 'run-1').send({ count: 4 }), 409, 'CODE.BATCH_ALREADY_ISSUED');
    const csv = await api().post(`${pools()}/${pool.id}/codes?format=csv`).set(as('marketer')).send({ count: 3 }).expect(201);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim().split('\n')).toHaveLength(4);
    expectError(await api().post(`${pools()}/${pool.id}/codes`).set(as('marketer')).send({ count: 4 }), 409, 'CODE.POOL_CAPACITY_REACHED');
    // Stored only as keyed hashes: no code in clear anywhere in the table.
    const plain = made.codes[0].replace(/-/g, '');
    expect(await rows(`SELECT count(*) AS n FROM invite_code WHERE code_hash = $1 OR code_hash LIKE '%' || $1 || '%'`, [plain])).toBe(0);
    const got = (await api().get(`${pools()}/${pool.id}`).set(as('viewer')).expect(200)).body;
    expect(got).toMatchObject({ issued: 7, capacity: 10, counts: { issued: 7, allocated: 0, reserved: 0, redeemed: 0, expired: 0 } });
    const page = (await api().get(`${pools()}?limit=1`).set(as('viewer')).expect(200)).body;
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(await rows(`SELECT count(*) AS n FROM audit_log WHERE action = 'code_pool.generate'`)).toBe(2);
  });

  it('should allocate within the rules and redeem with clear outcomes', async () => {
    const pool = (await api().post(pools()).set(as('marketer')).send({ name: 'fans', circles: ['core-fans'], perParticipantLimit: 2 }).expect(201)).body;
    const allocate = (who: string, count = 1) => api().post(`${pools()}/${pool.id}/allocations`).set(as('staff')).send({ participantId: who, count });
    expectError(await allocate('fan-1'), 403, 'CODE.CIRCLE_NOT_ALLOWED');
    await api().put('/v1/participants/fan-1').set(as('marketer')).send({ circle: 'core-fans' }).expect(200);
    // fan-1 also has a counted post in the campaign (their cascade, which a gift extends).
    await api().post('/v1/events').set(as('ingest')).send(eventBody('purchase', 'fan-1', { data: { sku: 'mi-11', amount: 1999 } })).expect(202);
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'fan-1');
    const post = eventBody('post', 'fan-1', { channel: 'weibo', data: { postId: 'wb-gift-root', invitationId: invitation.body.invitationId, text: `mine! ${invitation.body.topic}` } });
    await api().post('/v1/events').set(as('ingest')).send(post).expect(202);
    await waitFor(async () => (await rows(`SELECT count(*) AS n FROM spread_event WHERE post_ref = 'wb-gift-root' AND status = 'counted'`)) === 1, 'the giver post counted');
    expectError(await allocate('fan-1', 3), 409, 'CODE.PARTICIPANT_LIMIT_REACHED');
    const [mine, spare] = (await allocate('fan-1', 2).expect(201)).body.codes.map((c: { code: string }) => c.code);
    expectError(await allocate('fan-1'), 409, 'CODE.PARTICIPANT_LIMIT_REACHED');

    const redeem = (code: string, participantId = 'fan-1') => api().post(`${codes()}/redeem`).set(as('ingest')).send({ code, participantId });
    expectError(await redeem(typoOf(mine)), 400, 'CODE.TYPO');
    expectError(await redeem('hello'), 400, 'CODE.MALFORMED');
    expectError(await redeem(mine, 'fan-2'), 403, 'CODE.NOT_YOURS');
    const ok = (await redeem(mine.toLowerCase()).expect(200)).body;
    expect(ok).toMatchObject({ codeId: expect.any(String), poolId: pool.id, participantId: 'fan-1' });
    expectError(await redeem(mine), 409, 'CODE.ALREADY_USED');
    const history = (await api().get(`${codes()}/${ok.codeId}/history`).set(as('viewer')).expect(200)).body;
    expect(history).toMatchObject({ state: 'redeemed', allocatedTo: 'fan-1', redeemedBy: 'fan-1' });
    expect(history.history.map((h: { kind: string }) => h.kind)).toEqual(['issued', 'allocated', 'redeemed']);

    // A gift once, recorded as the giver's referral through the ingest path.
    const moved = (await api().post(`${codes()}/transfer`).set(as('ingest')).send({ code: spare, fromParticipantId: 'fan-1', toParticipantId: 'friend-1' }).expect(200)).body;
    expect((await api().post(`${codes()}/transfer`).set(as('ingest')).send({ code: spare, fromParticipantId: 'fan-1', toParticipantId: 'friend-1' }).expect(200)).body.replayed).toBe(true);
    expectError(await api().post(`${codes()}/transfer`).set(as('ingest')).send({ code: spare, fromParticipantId: 'friend-1', toParticipantId: 'fan-3' }), 409, 'CODE.ALREADY_TRANSFERRED');
    // The gift hangs under the giver's counted post: a referral of the recipient at depth 1.
    expect(moved.spreadEventId).toEqual(expect.any(String));
    const gift = await waitFor(async () => {
      const [row] = await sys.db.query(`SELECT kind, parent_ref, depth, status FROM spread_event WHERE inbound_event_id = $1`, [moved.spreadEventId]);
      return row?.status === 'counted' ? row : null;
    }, 'the gift scored');
    expect(gift).toEqual({ kind: 'referral', parent_ref: 'wb-gift-root', depth: 1, status: 'counted' });
    expectError(await redeem(spare, 'fan-1'), 403, 'CODE.NOT_YOURS');
    await redeem(spare, 'friend-1').expect(200);
    const looked = (await api().post(`${codes()}/lookup`).set(as('viewer')).send({ code: spare }).expect(200)).body;
    expect(looked.history.map((h: { kind: string }) => h.kind)).toEqual(['issued', 'allocated', 'transferred', 'redeemed']);
  });

  it('should consume a reservation when the purchase event arrives (once), and release one whose hold ended', async () => {
    const pool = (await api().post(pools()).set(as('marketer')).send({ name: 'gate', holdSeconds: 60 }).expect(201)).body;
    const [a, b] = (await api().post(`${pools()}/${pool.id}/codes`).set(as('marketer')).send({ count: 2 }).expect(201)).body.codes;
    const reservations = sys.api.get(CodeReservations);
    const held = await reservations.reserve({ workspaceId: sys.workspaceId, campaignId, participantId: 'buyer-1', code: a, sku: 'mi-11' });
    if (!held.ok) throw new Error(held.reason);
    const purchase = (key: string) => eventBody('purchase', 'buyer-1', { idempotencyKey: key, data: { sku: 'mi-11', reservationId: held.reservationId } });
    await api().post('/v1/events').set(as('ingest')).send(purchase('order-1')).expect(202);
    await api().post('/v1/events').set(as('ingest')).send(purchase('order-1-redelivered')).expect(202);
    await waitFor(async () => (await rows(`SELECT count(*) AS n FROM inbound_event WHERE type = 'purchase' AND processed_at IS NOT NULL AND data->>'reservationId' = $1`, [held.reservationId])) === 2, 'both purchases routed');
    expect(await rows(`SELECT count(*) AS n FROM code_event WHERE code_id = $1 AND kind = 'redeemed'`, [held.codeId])).toBe(1);
    expect((await api().get(`${codes()}/${held.codeId}/history`).set(as('viewer')).expect(200)).body).toMatchObject({ state: 'redeemed', redeemedBy: 'buyer-1' });

    const lapsed = await reservations.reserve({ workspaceId: sys.workspaceId, campaignId, participantId: 'buyer-2', code: b });
    if (!lapsed.ok) throw new Error(lapsed.reason);
    await sys.db.query(`UPDATE invite_code SET reserved_until = now() - interval '1 second', hold_until = now() - interval '1 second' WHERE id = $1`, [lapsed.codeId]);
    await sys.worker.get(MaintenanceLoop).runOnce();
    const after = (await api().get(`${codes()}/${lapsed.codeId}/history`).set(as('viewer')).expect(200)).body;
    expect(after.state).toBe('issued');
    expect(after.history.map((h: { kind: string }) => h.kind)).toEqual(['issued', 'reserved', 'released']);
  });

  // Last: it locks this file's only client address out.
  it('should lock a guesser out after repeated unknown codes, but never for typos', async () => {
    const pool = (await api().post(pools()).set(as('marketer')).send({ name: 'lock' }).expect(201)).body;
    const [real] = (await api().post(`${pools()}/${pool.id}/codes`).set(as('marketer')).send({ count: 1 }).expect(201)).body.codes;
    const redeem = (code: string) => api().post(`${codes()}/redeem`).set(as('ingest')).send({ code, participantId: 'guesser' });
    for (let i = 0; i < 6; i++) expectError(await redeem(typoOf(real)), 400, 'CODE.TYPO');
    const guesses = ['ABCDEFGHJK', 'BCDEFGHJKL', 'CDEFGHJKLM', 'DEFGHJKLMN'].map((p) => p + checkSymbol(p));
    // Through an ingest key (the shop's server, every buyer's address) only the guesser's own guesses count.
    const earlier = 0;
    for (const g of guesses.slice(0, 4 - earlier)) expectError(await redeem(g), 404, 'CODE.UNKNOWN');
    const locked = await redeem(real);
    expectError(locked, 429, 'CODE.LOCKED_OUT');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another buyer at the same checkout is not locked out by the guesser.
    expectError(await api().post(`${codes()}/redeem`).set(as('ingest')).send({ code: guesses[0], participantId: 'honest-buyer' }), 404, 'CODE.UNKNOWN');
    // The locked-out attempt was not evaluated: the code is still unused.
    expect(await rows(`SELECT count(*) AS n FROM invite_code WHERE pool_id = $1 AND state = 'issued'`, [pool.id])).toBe(1);
    const logged = await waitFor(async () => {
      const got = await sys.db.query(`SELECT outcome, count(*)::int AS n, count(hash_prefix)::int AS hashed FROM code_attempt WHERE participant_ref = 'guesser' GROUP BY outcome ORDER BY outcome`);
      return got.some((r: { outcome: string }) => r.outcome === 'CODE.LOCKED_OUT') ? got : null;
    }, 'attempt rows');
    expect(logged).toEqual([
      { outcome: 'CODE.LOCKED_OUT', n: 1, hashed: 0 },
      { outcome: 'CODE.TYPO', n: 6, hashed: 0 },
      { outcome: 'CODE.UNKNOWN', n: 4 - earlier, hashed: 4 - earlier },
    ]);
  });
});
