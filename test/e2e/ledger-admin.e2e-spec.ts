import request from 'supertest';
import { MaintenanceLoop } from '../../apps/worker/src/maintenance/maintenance-loop';
import { provisionWorkspace } from '@lib/access';
import { AwardRequest, AwardResult, Ledger } from '@lib/ledger';
import { campaignBody, createLiveCampaign, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// Prize pools, the budget and the ledger through the admin API (roles, bad input, other
// workspaces), awards made by the ledger as a mechanic would, and spend in the outcomes.
describe('ledger admin API', () => {
  const sys = useSystem('Ledger shop');
  const keys: Record<string, string> = {};
  let otherAdmin: string;
  let campaignId: string;
  let poolId: string;
  const buyers: { external: string; participantId: string; activityId: string }[] = [];
  const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });
  const api = () => request(sys.apiUrl);
  const expectError = (res: request.Response, status: number, code: string) => expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  const pools = (c = campaignId) => `/v1/campaigns/${c}/prize-pools`;
  const award = (over: Partial<AwardRequest>, buyer = buyers[0]): Promise<AwardResult> =>
    sys.db.transaction((tx) =>
      sys.api.get(Ledger).award(tx, {
        workspaceId: sys.workspaceId, campaignId, participantId: buyer.participantId, activityId: buyer.activityId,
        sourceKey: `e2e:${Math.random()}`, kind: 'prize', ...over,
      }),
    );
  const entryOf = (r: AwardResult) => (r.status === 'refused' ? '' : r.entryId);

  beforeAll(async () => {
    keys.admin = sys.key;
    for (const role of ['marketer', 'viewer', 'ingest']) {
      keys[role] = (await api().post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    }
    otherAdmin = (await provisionWorkspace(sys.db, 'Other shop', 'other-ledger-shop')).adminKey;
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
    for (const external of ['ledger-buyer-1', 'ledger-buyer-2']) {
      await api().post('/v1/events').set(sys.auth()).send(eventBody('purchase', external)).expect(202);
      const row = await waitFor(async () => {
        const rows: { id: string; participant_id: string }[] = await sys.db.query(
          `SELECT a.id, a.participant_id FROM activity a JOIN participant p ON p.id = a.participant_id WHERE p.external_id = $1`,
          [external],
        );
        return rows[0] ?? null;
      }, `the activity of ${external}`);
      buyers.push({ external, participantId: row.participant_id, activityId: row.id });
    }
  });

  it('should create a pool for marketers and show its remaining stock to readers', async () => {
    const res = await api().post(pools()).set(as('marketer')).send({ name: 'Xiaomi 11', stockTotal: 3, unitValueMinor: 199_900, currency: 'CNY', perParticipantLimit: 1 }).expect(201);
    poolId = res.body.id;
    expect(res.body).toEqual({
      id: expect.any(String), campaignId, name: 'Xiaomi 11', currency: 'CNY', unitValueMinor: 199_900,
      stockTotal: 3, stockReserved: 0, stockCommitted: 0, stockRemaining: 3, perParticipantLimit: 1,
      createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    expect((await api().get(`${pools()}/${poolId}`).set(as('viewer')).expect(200)).body.stockRemaining).toBe(3);
    // The first pool fixes the campaign's reward currency in an uncapped budget.
    expect((await api().get(`/v1/campaigns/${campaignId}/budget`).set(as('viewer')).expect(200)).body).toMatchObject({ currency: 'CNY', totalMinor: null, remainingMinor: null });
    const [audit] = await sys.db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [poolId]);
    expect(audit.action).toBe('prize_pool.create');
  });

  it('should refuse writes to viewers and ingest keys, and every campaign of another workspace', async () => {
    const body = { name: 'x', stockTotal: 1, unitValueMinor: 1, currency: 'CNY' };
    expectError(await api().post(pools()).set(as('viewer')).send(body), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().get(pools()).set(as('ingest')), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().patch(`${pools()}/${poolId}`).set(as('viewer')).send({ stockTotal: 9 }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().put(`/v1/campaigns/${campaignId}/budget`).set(as('viewer')).send({ currency: 'CNY', totalMinor: 1 }), 403, 'AUTH.FORBIDDEN_ROLE');
    const other = { authorization: `Bearer ${otherAdmin}` };
    expectError(await api().get(pools()).set(other), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api().post(pools()).set(other).send(body), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api().get(`${pools()}/${poolId}`).set(other), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api().get(`/v1/campaigns/${campaignId}/ledger`).set(other), 404, 'CAMPAIGN.NOT_FOUND');
    expectError(await api().get(`/v1/campaigns/${campaignId}/budget`).set(other), 404, 'CAMPAIGN.NOT_FOUND');
    const [{ n }] = await sys.db.query('SELECT count(*)::int AS n FROM prize_pool');
    expect(n).toBe(1);
  });

  it('should answer bad input with 4xx and stable codes', async () => {
    for (const bad of [
      { name: 'x', stockTotal: -1, unitValueMinor: 1, currency: 'CNY' },
      { name: 'x', stockTotal: 1.5, unitValueMinor: 1, currency: 'CNY' },
      { name: 'x', stockTotal: 1, unitValueMinor: 1e300, currency: 'CNY' },
      { name: 'x', stockTotal: 1, unitValueMinor: 1, currency: 'cny' },
      { name: 'x', stockTotal: 1, unitValueMinor: 1, currency: 'RMB' },
      { name: null, stockTotal: 1, unitValueMinor: 1, currency: 'CNY' },
      { name: 'x', stockTotal: 1, unitValueMinor: 1, currency: 'CNY', perParticipantLimit: 0 },
      { name: 'x', stockTotal: 1, unitValueMinor: 1, currency: 'CNY', stockReserved: 1 },
    ]) expectError(await api().post(pools()).set(sys.auth()).send(bad), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().post(pools()).set(sys.auth()).send({ name: 'dollars', stockTotal: 1, unitValueMinor: 1, currency: 'USD' }), 409, 'LEDGER.CURRENCY_MISMATCH');
    expectError(await api().get(`${pools()}/not-a-uuid`).set(sys.auth()), 404, 'LEDGER.POOL_NOT_FOUND');
    expectError(await api().get(`${pools()}/00000000-0000-4000-8000-000000000000`).set(sys.auth()), 404, 'LEDGER.POOL_NOT_FOUND');
    expectError(await api().get(`/v1/campaigns/${campaignId}/ledger`).query({ poolId: 'nope' }).set(sys.auth()), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().get(`/v1/campaigns/${campaignId}/ledger`).query({ state: 'won' }).set(sys.auth()), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().get(`/v1/campaigns/${campaignId}/ledger`).query({ cursor: 'bm9wZQ' }).set(sys.auth()), 400, 'PAGINATION.BAD_CURSOR');
    expectError(await api().put(`/v1/campaigns/${campaignId}/budget`).set(sys.auth()).send({ currency: 'CNY' }), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().put(`/v1/campaigns/${campaignId}/budget`).set(sys.auth()).send({ currency: 'CNY', totalMinor: 2 ** 53 }), 400, 'REQUEST.VALIDATION_FAILED');
    const fresh = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody({ name: 'no budget' })).expect(201)).body.id;
    expectError(await api().get(`/v1/campaigns/${fresh}/budget`).set(sys.auth()), 404, 'LEDGER.BUDGET_NOT_FOUND');
    await api().put(`/v1/campaigns/${fresh}/budget`).set(sys.auth()).send({ currency: 'USD', totalMinor: 500 }).expect(200);
    expectError(await api().post(pools(fresh)).set(sys.auth()).send({ name: 'x', stockTotal: 1, unitValueMinor: 1, currency: 'CNY' }), 409, 'LEDGER.CURRENCY_MISMATCH');
    // Nothing named the currency yet: it may still change.
    expect((await api().put(`/v1/campaigns/${fresh}/budget`).set(sys.auth()).send({ currency: 'CNY', totalMinor: null }).expect(200)).body.currency).toBe('CNY');
  });

  it('should cap awards by the budget, keep stock changes above what is used, and list the ledger by activity', async () => {
    const budget = await api().put(`/v1/campaigns/${campaignId}/budget`).set(as('marketer')).send({ currency: 'CNY', totalMinor: 500_000 }).expect(200);
    expect(budget.body).toMatchObject({ currency: 'CNY', totalMinor: 500_000, reservedMinor: 0, committedMinor: 0, remainingMinor: 500_000 });
    const first = await award({ poolId });
    const second = await award({ poolId }, buyers[1]);
    expect([first.status, second.status]).toEqual(['committed', 'committed']);
    expect(await award({ poolId })).toEqual({ status: 'refused', reason: 'PARTICIPANT_LIMIT' });
    expect(await award({ kind: 'bounty', amountMinor: 200_000 })).toEqual({ status: 'refused', reason: 'OVER_BUDGET' });
    await award({ kind: 'bounty', amountMinor: 100_000 });

    expect((await api().get(`/v1/campaigns/${campaignId}/budget`).set(as('viewer')).expect(200)).body).toMatchObject({ committedMinor: 499_800, remainingMinor: 200 });
    expectError(await api().put(`/v1/campaigns/${campaignId}/budget`).set(sys.auth()).send({ currency: 'CNY', totalMinor: 499_799 }), 409, 'LEDGER.BUDGET_BELOW_USED');
    expectError(await api().put(`/v1/campaigns/${campaignId}/budget`).set(sys.auth()).send({ currency: 'USD', totalMinor: null }), 409, 'LEDGER.CURRENCY_MISMATCH');
    expectError(await api().patch(`${pools()}/${poolId}`).set(sys.auth()).send({ stockTotal: 1 }), 409, 'LEDGER.STOCK_BELOW_USED');
    const patched = await api().patch(`${pools()}/${poolId}`).set(as('marketer')).send({ stockTotal: 2, perParticipantLimit: null, name: 'Xiaomi 11 (black)' }).expect(200);
    expect(patched.body).toMatchObject({ stockTotal: 2, stockCommitted: 2, stockRemaining: 0, perParticipantLimit: null, name: 'Xiaomi 11 (black)' });

    const all = (await api().get(`/v1/campaigns/${campaignId}/ledger`).set(as('viewer')).expect(200)).body;
    expect(all.items).toHaveLength(3);
    expect(all.items.find((e: { id: string }) => e.id === entryOf(first))).toEqual({
      id: entryOf(first), campaignId, poolId, participantId: 'ledger-buyer-1', activityId: buyers[0].activityId, nodeId: null,
      kind: 'prize', state: 'committed', amountMinor: 199_900, currency: 'CNY', sourceKey: expect.any(String), reason: null,
      reservedUntil: null, createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    const ids = async (query: Record<string, string>) =>
      (await api().get(`/v1/campaigns/${campaignId}/ledger`).query(query).set(sys.auth()).expect(200)).body.items.map((e: { id: string }) => e.id).sort();
    expect(await ids({ participantId: 'ledger-buyer-2' })).toEqual([entryOf(second)]);
    expect(await ids({ poolId })).toEqual([entryOf(first), entryOf(second)].sort());
    expect(await ids({ kind: 'bounty' })).toHaveLength(1);
    expect(await ids({ participantId: 'nobody' })).toEqual([]);
  });

  it('should page through the ledger without gaps or repeats', async () => {
    // Side by side, so several start in the same millisecond (a cursor holds milliseconds only).
    await Promise.all(Array.from({ length: 7 }, () => award({ kind: 'gift', amountMinor: 0 })));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await api().get(`/v1/campaigns/${campaignId}/ledger`).query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(sys.auth()).expect(200)).body;
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const [{ n }] = await sys.db.query('SELECT count(*)::int AS n FROM ledger_entry WHERE campaign_id = $1', [campaignId]);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    // What makes the cursor exact: no entry is stamped finer than the cursor can say.
    const [{ finer }] = await sys.db.query(`SELECT count(*)::int AS finer FROM ledger_entry WHERE created_at <> date_trunc('milliseconds', created_at)`);
    expect(finer).toBe(0);
  });

  it('should claw a reward back for marketers: stock and budget regain it, the history and audit log say so', async () => {
    const [entry] = (await api().get(`/v1/campaigns/${campaignId}/ledger`).query({ participantId: 'ledger-buyer-1', kind: 'prize' }).set(sys.auth())).body.items;
    const url = `/v1/campaigns/${campaignId}/ledger/${entry.id}/clawback`;
    expectError(await api().post(url).set(as('viewer')).send({ reason: 'fraud' }), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await api().post(url).set(sys.auth()).send({}), 400, 'REQUEST.VALIDATION_FAILED');
    expectError(await api().post(`/v1/campaigns/${campaignId}/ledger/nope/clawback`).set(sys.auth()).send({ reason: 'x' }), 404, 'LEDGER.ENTRY_NOT_FOUND');
    const elsewhere = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody({ name: 'elsewhere' })).expect(201)).body.id;
    expectError(await api().post(`/v1/campaigns/${elsewhere}/ledger/${entry.id}/clawback`).set(sys.auth()).send({ reason: 'x' }), 404, 'LEDGER.ENTRY_NOT_FOUND');

    const res = await api().post(url).set(as('marketer')).send({ reason: 'one person, two accounts' }).expect(200);
    expect(res.body).toMatchObject({ id: entry.id, state: 'clawed_back', reason: 'one person, two accounts' });
    await api().post(url).set(as('marketer')).send({ reason: 'again' }).expect(200);
    expect((await api().get(`${pools()}/${poolId}`).set(sys.auth())).body).toMatchObject({ stockCommitted: 1, stockRemaining: 1 });
    expect((await api().get(`/v1/campaigns/${campaignId}/budget`).set(sys.auth())).body).toMatchObject({ committedMinor: 499_800 - 199_900 });
    const detail = (await api().get(`/v1/campaigns/${campaignId}/ledger/${entry.id}`).set(as('viewer')).expect(200)).body;
    expect(detail.history.map((h: { fromState: string | null; toState: string; reason: string | null }) => [h.fromState, h.toState, h.reason])).toEqual([
      [null, 'committed', null],
      ['committed', 'clawed_back', 'one person, two accounts'],
    ]);
    const audits = await sys.db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [entry.id]);
    expect(audits).toEqual([{ action: 'ledger.clawback' }]);

    const held = await sys.db.transaction((tx) =>
      sys.api.get(Ledger).reserve(tx, { workspaceId: sys.workspaceId, campaignId, participantId: buyers[1].participantId, sourceKey: 'held', kind: 'gift', amountMinor: 10, holdMs: 1 }),
    );
    await new Promise((r) => setTimeout(r, 5));
    // The worker's maintenance pass gives expired reservations back.
    await sys.worker.get(MaintenanceLoop).runOnce();
    const [{ last_pass }] = await sys.db.query(`SELECT last_pass FROM worker_heartbeat WHERE name = 'sweeper'`);
    expect(last_pass.released).toBe(1);
    expectError(await api().post(`/v1/campaigns/${campaignId}/ledger/${entryOf(held)}/clawback`).set(sys.auth()).send({ reason: 'x' }), 409, 'LEDGER.ILLEGAL_TRANSITION');
  });

  it('should report spend and cost per participant in the outcomes', async () => {
    const res = await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/outcomes`).set(as('viewer')).expect(200);
    expect(res.body.participants).toBe(2);
    expect(res.body.spend).toEqual({
      currency: 'CNY',
      committedMinor: 199_900 + 100_000,
      reservedMinor: 0,
      clawedBackMinor: 199_900,
      budgetMinor: 500_000,
      remainingMinor: 500_000 - 299_900,
      byKind: {
        prize: { count: 1, committedMinor: 199_900 },
        code: { count: 0, committedMinor: 0 },
        gift: { count: 7, committedMinor: 0 },
        bounty: { count: 1, committedMinor: 100_000 },
      },
      costPerParticipantMinor: 149_950,
    });
  });
});
