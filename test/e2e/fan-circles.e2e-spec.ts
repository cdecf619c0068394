import request from 'supertest';
import { provisionWorkspace } from '@lib/access';
import { useSystem } from '../support/system';

// The fan-circle admin API: rings and their order, a marketer's moves and their history, and
// every refusal (bad input, wrong role, another workspace) as a 4xx with a code and nothing written.
describe('fan circles API', () => {
  const sys = useSystem('Circles shop');
  const keys: Record<string, string> = {};
  let other: { authorization: string };
  const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });
  const api = () => request(sys.apiUrl);
  const expectError = (res: request.Response, status: number, code: string) => expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  const tables = async () =>
    (await sys.db.query(
      `SELECT (SELECT count(*)::int FROM circle_ring) AS rings, (SELECT count(*)::int FROM circle_phase) AS phases, (SELECT count(*)::int FROM circle_move) AS moves,
              (SELECT count(*)::int FROM circle_admission) AS admissions, (SELECT count(*)::int FROM participant) AS participants,
              (SELECT md5(coalesce(string_agg(name || position || coalesce(promotion::text, '') || coalesce(demote_after_inactive_days, 0), ',' ORDER BY name), '')) FROM circle_ring) AS ring_hash`,
    ))[0];

  beforeAll(async () => {
    keys.admin = sys.key;
    for (const role of ['marketer', 'staff', 'viewer', 'ingest']) keys[role] = (await api().post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    other = { authorization: `Bearer ${(await provisionWorkspace(sys.db, 'Other circles', 'other-circles')).adminKey}` };
  });

  it('should create rings inner to outer, list them in order and reorder them', async () => {
    const core = await api()
      .post('/v1/circles')
      .set(as('marketer'))
      .send({ name: 'core-fans', promotion: { mode: 'rule', minPoints: 3, minTenureDays: 14 }, demoteAfterInactiveDays: 30 })
      .expect(201);
    expect(core.body).toEqual({
      id: expect.any(String), name: 'core-fans', position: 1,
      promotion: { mode: 'rule', match: 'all', minPoints: 3, minSpreadScore: null, minTenureDays: 14 },
      demoteAfterInactiveDays: 30, phases: [], seats: { open: null, admitted: 0, waitlisted: 0, nextOpensAt: null },
      createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    await api().post('/v1/circles').set(as('marketer')).send({ name: 'fans' }).expect(201);
    await api().post('/v1/circles').set(as('marketer')).send({ name: 'honorary-developers', promotion: { mode: 'marketer' } }).expect(201);
    const names = async (role = 'viewer') => (await api().get('/v1/circles').set(as(role)).expect(200)).body.items.map((r: { name: string; position: number }) => `${r.position}:${r.name}`);
    expect(await names()).toEqual(['1:core-fans', '2:fans', '3:honorary-developers']);
    const reordered = await api().put('/v1/circles/order').set(as('marketer')).send({ circles: ['honorary-developers', 'core-fans', 'fans'] }).expect(200);
    expect(reordered.body.items.map((r: { name: string }) => r.name)).toEqual(['honorary-developers', 'core-fans', 'fans']);
    expect(await names('staff')).toEqual(['1:honorary-developers', '2:core-fans', '3:fans']);
    const patched = await api().patch('/v1/circles/fans').set(as('marketer')).send({ phases: [{ opensAt: '2026-01-01T10:00:00+08:00', seats: 100 }], demoteAfterInactiveDays: null }).expect(200);
    expect({ phases: patched.body.phases, seats: patched.body.seats.open, demote: patched.body.demoteAfterInactiveDays }).toEqual({
      phases: [{ opensAt: '2026-01-01T02:00:00.000Z', seats: 100 }], seats: 100, demote: null,
    });
    const audit: { action: string }[] = await sys.db.query(`SELECT action FROM audit_log WHERE action LIKE 'circle.%' ORDER BY created_at`);
    expect(audit.map((a) => a.action)).toEqual(['circle.create', 'circle.create', 'circle.create', 'circle.reorder', 'circle.update']);
  });

  it('should refuse bad input and wrong roles with codes, writing nothing', async () => {
    const before = await tables();
    const cases: [request.Test, number, string][] = [
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'Core Fans' }), 400, 'REQUEST.VALIDATION_FAILED'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'x'.repeat(65) }), 400, 'REQUEST.VALIDATION_FAILED'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'fans' }), 409, 'CIRCLE.EXISTS'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'vip', position: 2 }), 409, 'CIRCLE.POSITION_TAKEN'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'vip', promotion: { mode: 'rule' } }), 400, 'CIRCLE.INVALID_RULE'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'vip', promotion: { mode: 'rule', minPoints: -1 } }), 400, 'REQUEST.VALIDATION_FAILED'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'vip', phases: [{ opensAt: '2026-01-01T00:00:00Z', seats: 1 }, { opensAt: '2026-01-01T08:00:00+08:00', seats: 2 }] }), 400, 'CIRCLE.INVALID_PHASES'],
      [api().post('/v1/circles').set(as('marketer')).send({ name: 'vip', phases: [{ opensAt: '2026-01-01', seats: 1 }] }), 400, 'REQUEST.VALIDATION_FAILED'],
      [api().post('/v1/circles').set(as('staff')).send({ name: 'vip' }), 403, 'AUTH.FORBIDDEN_ROLE'],
      [api().post('/v1/circles').set(as('viewer')).send({ name: 'vip' }), 403, 'AUTH.FORBIDDEN_ROLE'],
      [api().get('/v1/circles').set(as('ingest')), 403, 'AUTH.FORBIDDEN_ROLE'],
      [api().put('/v1/circles/order').set(as('marketer')).send({ circles: ['fans', 'core-fans'] }), 400, 'CIRCLE.BAD_ORDER'],
      [api().put('/v1/circles/order').set(as('marketer')).send({ circles: ['fans', 'fans', 'core-fans'] }), 400, 'CIRCLE.BAD_ORDER'],
      [api().put('/v1/circles/order').set(as('viewer')).send({ circles: ['fans'] }), 403, 'AUTH.FORBIDDEN_ROLE'],
      [api().patch('/v1/circles/nope').set(as('marketer')).send({ demoteAfterInactiveDays: 3 }), 404, 'CIRCLE.NOT_FOUND'],
      [api().patch('/v1/circles/fans').set(as('marketer')).send({ demoteAfterInactiveDays: 0 }), 400, 'REQUEST.VALIDATION_FAILED'],
      [api().patch('/v1/circles/fans').set(as('marketer')).send({ promotion: { mode: 'rule', match: 'any' } }), 400, 'CIRCLE.INVALID_RULE'],
      [api().get('/v1/circles/BAD!').set(as('viewer')), 404, 'CIRCLE.NOT_FOUND'],
      [api().get('/v1/circles/fans').set(other), 404, 'CIRCLE.NOT_FOUND'],
      [api().post('/v1/circles/fans/admissions').set(other).send({ participantId: 'p-1' }), 404, 'CIRCLE.NOT_FOUND'],
      [api().post('/v1/circles/nope/admissions').set(as('ingest')).send({ participantId: 'p-1' }), 404, 'CIRCLE.NOT_FOUND'],
      [api().post('/v1/circles/fans/admissions').set(as('viewer')).send({ participantId: 'p-1' }), 403, 'AUTH.FORBIDDEN_ROLE'],
      [api().post('/v1/circles/fans/admissions').set(as('ingest')).send({ participantId: 'not valid!' }), 400, 'REQUEST.VALIDATION_FAILED'],
      [api().post('/v1/circles/fans/admissions').set(as('ingest')).send({ participantId: 'p-1', requestedAt: '2999-01-01T00:00:00Z' }), 400, 'CIRCLE.REQUESTED_IN_FUTURE'],
      [api().get('/v1/circles/fans/admissions/p-unknown').set(as('viewer')), 404, 'CIRCLE.ADMISSION_NOT_FOUND'],
      [api().put('/v1/participants/fan-1').set(as('marketer')).send({ circle: 'vip' }), 404, 'CIRCLE.NOT_FOUND'],
      [api().put('/v1/participants/fan-1').set(as('viewer')).send({ circle: 'fans' }), 403, 'AUTH.FORBIDDEN_ROLE'],
      [api().get('/v1/participants/fan-unknown/circle-moves').set(as('viewer')), 404, 'PARTICIPANT.NOT_FOUND'],
      [api().get('/v1/participants/fan-1/circle-moves').set(as('ingest')), 403, 'AUTH.FORBIDDEN_ROLE'],
    ];
    for (const [req, status, code] of cases) expectError(await req, status, code);
    expect(await tables()).toEqual(before);
  });

  it('should refuse to close seats already taken', async () => {
    await api().post('/v1/circles/fans/admissions').set(as('ingest')).send({ participantId: 'seat-1' }).expect(201);
    await api().put('/v1/participants/inner-1').set(as('marketer')).send({ circle: 'core-fans' }).expect(200);
    const before = await tables();
    expectError(await api().patch('/v1/circles/fans').set(as('marketer')).send({ phases: [{ opensAt: '2026-01-01T00:00:00Z', seats: 0 }] }), 409, 'CIRCLE.SEATS_BELOW_ADMITTED');
    expectError(await api().post('/v1/circles/fans/admissions').set(as('ingest')).send({ participantId: 'inner-1' }), 409, 'CIRCLE.ALREADY_INSIDE');
    expect(await tables()).toEqual(before);
  });

  it("should record a marketer's moves through the one service and page the history newest first", async () => {
    const put = (circle: string | null) => api().put('/v1/participants/mover').set(as('marketer')).send({ circle }).expect(200);
    expect((await put('fans')).body.circle).toBe('fans');
    await put('fans'); // no change, no move
    await put('core-fans');
    await put('honorary-developers');
    expect((await put(null)).body.circle).toBeNull();
    const first = await api().get('/v1/participants/mover/circle-moves?limit=3').set(as('viewer')).expect(200);
    expect(first.body.items.map((m: { from: string | null; to: string | null }) => [m.from, m.to])).toEqual([
      ['honorary-developers', null], ['core-fans', 'honorary-developers'], ['fans', 'core-fans'],
    ]);
    expect(first.body.items[0]).toMatchObject({ reason: 'MARKETER_DECISION', actor: { type: 'api_key', id: expect.any(String) }, at: expect.any(String) });
    const second = await api().get(`/v1/participants/mover/circle-moves?limit=3&cursor=${first.body.nextCursor}`).set(as('viewer')).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ from: null, to: 'fans' })], nextCursor: null });
    const audited: { move_id: string | null }[] = await sys.db.query(
      `SELECT a.details->>'moveId' AS move_id FROM audit_log a JOIN participant p ON p.id = a.target_id::uuid WHERE a.action = 'participant.update' AND p.external_id = 'mover' ORDER BY a.created_at`,
    );
    // Five decisions audited; the one that changed nothing points at no move.
    expect(audited.map((a) => a.move_id !== null)).toEqual([true, false, true, true, true]);
    expectError(await api().get('/v1/participants/mover/circle-moves?cursor=junk').set(as('viewer')), 400, 'PAGINATION.BAD_CURSOR');
    expectError(await api().get('/v1/participants/mover/circle-moves?limit=201').set(as('viewer')), 400, 'REQUEST.VALIDATION_FAILED');
    // Another workspace does not see them.
    expectError(await api().get('/v1/participants/mover/circle-moves').set(other), 404, 'PARTICIPANT.NOT_FOUND');
  });
});
