import request from 'supertest';
import { kFactors } from '@lib/domain';
import { campaignBody, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// The sweeper re-offers owed inputs quickly (the duplicate-delivery case below relies on it).
process.env.SWEEP_INTERVAL_MS = '300';
process.env.SWEEP_GRACE_MS = '0';

type Gen = { generation: number; participants: number; k: number | null };
const H = (c: string) => c.repeat(64);

/**
 * Referrals and fission through the public API on real Postgres, Redis and BullMQ: a
 * three-generation tree whose K-factor per generation equals a recomputation from raw rows,
 * fraud refusals with their reasons (explain, outcomes), the per-device cap, and the
 * referrer's reward only after the referee's purchase, within the cap, once.
 */
describe('Referral node (referral mechanic)', () => {
  const sys = useSystem('Fission');
  const api = () => request(sys.apiUrl);
  const scoring = () => request(sys.scoringUrl);
  const keys: Record<string, string> = {};
  const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });
  const expectError = (res: request.Response, status: number, code: string) => expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  let campaignId: string;
  let nodeId: string;
  let poolId: string;
  const base = Date.now() - 20 * 3_600_000;
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  const referrals = (suffix = '') => `/v1/campaigns/${campaignId}/nodes/${nodeId}/referrals${suffix}`;

  const send = async (events: Record<string, unknown>[]) => {
    const res = await api().post('/v1/events').set(sys.auth()).send({ events }).expect(202);
    expect(res.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    return res.body.results.map((r: { eventId: string }) => r.eventId) as string[];
  };
  const signup = (pid: string, minute: number, data: Record<string, unknown> = {}) => eventBody('signup', pid, { occurredAt: at(minute), data });
  const placeOf = (pid: string) =>
    waitFor(async () => {
      const res = await scoring().get(referrals(`/${pid}`)).set(sys.auth());
      return res.status === 200 ? (res.body as { code: string; generation: number; referrer: string | null; link: string; attributionRefused: string | null; rewardsEarned: number }) : null;
    }, `the place of ${pid}`);
  const idle = () =>
    waitFor(async () => {
      const [{ n }] = await sys.db.query(`SELECT count(*)::int AS n FROM mechanic_input WHERE node_id = $1 AND state <> 'judged'`, [nodeId]);
      const [{ m }] = await sys.db.query(
        `SELECT count(*)::int AS m FROM inbound_event WHERE workspace_id = $1 AND (processed_at IS NULL OR (type = 'signup' AND scored_at IS NULL))`,
        [sys.workspaceId],
      );
      return n === 0 && m === 0;
    }, 'every event routed, every input judged and every sign-up scored');
  /** K per generation recomputed from raw spread_event rows: each person at the depth they were first counted. */
  const kFromSpreadRows = async (): Promise<Gen[]> => {
    const rows: { depth: number }[] = await sys.db.query(
      `SELECT min(depth)::int AS depth FROM spread_event WHERE campaign_id = $1 AND status = 'counted' GROUP BY actor_id`,
      [campaignId],
    );
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.depth, (counts.get(r.depth) ?? 0) + 1);
    return kFactors(counts).byGeneration.map((g) => ({ generation: g.depth, participants: g.participants, k: g.k }));
  };

  beforeAll(async () => {
    keys.admin = sys.key;
    for (const role of ['marketer', 'viewer', 'ingest']) keys[role] = (await api().post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    campaignId = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body.id;
    poolId = (await api().post(`/v1/campaigns/${campaignId}/prize-pools`).set(sys.auth()).send({ name: 'Coupon', stockTotal: 100, unitValueMinor: 1_000, currency: 'CNY' }).expect(201)).body.id;
    const config = { linkTemplate: 'https://shop.example/r/{code}', prizePoolId: poolId, maxRewardsPerReferrer: 2, maxReferralsPerDevice: 2, attributionWindowHours: 48 };
    nodeId = (
      await api()
        .post(`/v1/campaigns/${campaignId}/nodes`)
        .set(as('marketer'))
        .send({ name: 'Bring a friend', trigger: { eventType: 'signup' }, reentry: 'once', mechanic: { kind: 'referral', config } })
        .expect(201)
    ).body.id;
    await api().post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api().post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);
  });

  it('should build a 3-generation tree whose K per generation equals a recomputation from raw rows', async () => {
    await send([signup('s1', 0), signup('s2', 1)]);
    const s1 = await placeOf('s1');
    expect(s1).toMatchObject({ generation: 0, referrer: null, link: `https://shop.example/r/${s1.code}` });
    const s2 = await placeOf('s2');
    await send([signup('a1', 10, { referralCode: s1.code }), signup('a2', 11, { referralCode: s1.code }), signup('a3', 12, { referralCode: s1.code }), signup('b1', 13, { referralCode: s2.code })]);
    const [a1, b1] = [await placeOf('a1'), await placeOf('b1')];
    expect([a1.generation, a1.referrer, b1.referrer]).toEqual([1, 's1', 's2']);
    // Codes are read case- and dash-insensitively (people type them).
    const dashed = a1.code.toLowerCase().replace(/(.{4})/g, '$1-');
    await send([signup('c1', 20, { referralCode: dashed }), signup('c2', 21, { referralCode: a1.code }), signup('c3', 22, { referralCode: b1.code })]);
    const c1 = await placeOf('c1');
    await send([signup('d1', 30, { referralCode: c1.code })]);
    expect(await placeOf('d1')).toMatchObject({ generation: 3, referrer: 'c1' });
    await idle();

    const expected: Gen[] = [
      { generation: 0, participants: 2, k: 2 },
      { generation: 1, participants: 4, k: 0.75 },
      { generation: 2, participants: 3, k: 0.333 },
      { generation: 3, participants: 1, k: 0 },
    ];
    const outcomes = await waitFor(async () => {
      const body = (await scoring().get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
      return body.generations?.length === 4 ? body : null;
    }, 'four generations in the outcomes');
    expect(outcomes.generations.map((g: { depth: number; participants: number; k: number | null }) => ({ generation: g.depth, participants: g.participants, k: g.k }))).toEqual(expected);
    expect(outcomes).toMatchObject({ referrals: 8, posts: 2, kFactor: 4 });
    expect(await kFromSpreadRows()).toEqual(expected);
    // The tree once more from the rawest rows: each person's first sign-up and the code holders.
    const signups: { pid: string; named: string | null }[] = await sys.db.query(
      `SELECT DISTINCT ON (participant_id) participant_id AS pid, data->>'referralCode' AS named FROM inbound_event
       WHERE workspace_id = $1 AND type = 'signup' ORDER BY participant_id, occurred_at, id`,
      [sys.workspaceId],
    );
    const holders = new Map<string, string>((await sys.db.query(`SELECT value, participant_id FROM mechanic_ref WHERE node_id = $1`, [nodeId])).map((r: { value: string; participant_id: string }) => [r.value, r.participant_id]));
    const parent = new Map(signups.map((s) => [s.pid, s.named ? holders.get(s.named.toUpperCase().replace(/-/g, '')) ?? null : null]));
    const depth = (pid: string): number => (parent.get(pid) ? depth(parent.get(pid)!) + 1 : 0);
    const counts = new Map<number, number>();
    for (const pid of parent.keys()) counts.set(depth(pid), (counts.get(depth(pid)) ?? 0) + 1);
    expect(kFactors(counts).byGeneration.map((g) => ({ generation: g.depth, participants: g.participants, k: g.k }))).toEqual(expected);
    const summary = (await scoring().get(referrals()).set(as('viewer')).expect(200)).body;
    expect(summary.generations).toEqual(expected);
    expect(summary.cascade.generations).toEqual(expected);
  }, 60_000);

  it('should refuse a self-referral (device, and own code) and a cycle with stable reasons in explain and outcomes', async () => {
    await send([signup('x1', 100, { deviceHash: H('a') })]);
    const x1 = await placeOf('x1');
    const [selfByDevice] = await send([signup('x2', 101, { referralCode: x1.code, deviceHash: H('A') })]);
    // A person's own code on a sign-up that (by business time) is their first.
    await send([signup('y1', 110)]);
    const y1 = await placeOf('y1');
    const [ownCode] = await send([signup('y1', 109, { referralCode: y1.code })]);
    // p2 joined under p1; a late sign-up of p1, earlier by business time, names p2's code: a loop.
    await send([signup('p1', 120)]);
    const p1 = await placeOf('p1');
    await send([signup('p2', 121, { referralCode: p1.code })]);
    const p2 = await placeOf('p2');
    const [cycle] = await send([signup('p1', 119, { referralCode: p2.code })]);
    await idle();

    const reasonOf = async (eventId: string) => (await api().get(`/v1/events/${eventId}/explain`).set(as('viewer')).expect(200)).body.mechanicInputs[0];
    expect(await reasonOf(selfByDevice)).toMatchObject({ state: 'judged', reason: 'SELF_REFERRAL', detail: { role: 'seed', refusalDetail: 'same device' } });
    expect(await reasonOf(ownCode)).toMatchObject({ reason: 'SELF_REFERRAL', detail: { refusalDetail: 'same participant' } });
    expect(await reasonOf(cycle)).toMatchObject({ reason: 'REFERRAL_CYCLE' });
    // Refused people stay seeds: p1 keeps its place, p2 stays its referee.
    expect(await placeOf('p1')).toMatchObject({ generation: 0, referrer: null });
    expect(await placeOf('p2')).toMatchObject({ generation: 1, referrer: 'p1' });
    const outcomes = (await scoring().get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
    expect(outcomes.referralRefusals).toMatchObject({ SELF_REFERRAL: 2, REFERRAL_CYCLE: 1 });
    expect((await scoring().get(referrals()).set(sys.auth()).expect(200)).body.refusals).toMatchObject({ SELF_REFERRAL: 2, REFERRAL_CYCLE: 1 });
    // Whatever the refusals did to the tree, the outcomes still equal the raw rows.
    const generations = outcomes.generations.map((g: { depth: number; participants: number; k: number | null }) => ({ generation: g.depth, participants: g.participants, k: g.k }));
    expect(generations).toEqual(await kFromSpreadRows());
  }, 60_000);

  it('should refuse referees past the per-device cap with DEVICE_LIMIT_REACHED, exactly, when they arrive together', async () => {
    await send([signup('m1', 200)]);
    const m1 = await placeOf('m1');
    const pids = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    await send(pids.map((pid, i) => signup(pid, 201 + i, { referralCode: m1.code, deviceHash: H('e') })));
    const places = [];
    for (const pid of pids) places.push(await placeOf(pid));
    // Whoever is judged first takes the two places; never more.
    expect(places.filter((p) => p.referrer === 'm1')).toHaveLength(2);
    expect(places.filter((p) => p.referrer === null).map((p) => p.attributionRefused)).toEqual(Array(4).fill('DEVICE_LIMIT_REACHED'));
  }, 60_000);

  it('should reward the referrer only after the referee purchases, within the cap, exactly once under duplicate delivery', async () => {
    const ledger = async () =>
      (await sys.db.query(`SELECT source_key, state, p.external_id FROM ledger_entry l JOIN participant p ON p.id = l.participant_id WHERE l.node_id = $1 ORDER BY source_key`, [nodeId])) as {
        source_key: string;
        state: string;
        external_id: string;
      }[];
    expect(await ledger()).toEqual([]);
    const summary = (await scoring().get(referrals()).set(sys.auth()).expect(200)).body;
    expect(summary.rewards).toMatchObject({ earned: 0, awaitingQualifyingAction: 11 }); // a1–d1 (8), p2, two q's

    const purchase = (pid: string, minute: number, orderId: string) => eventBody('purchase', pid, { occurredAt: at(minute), data: { orderId } });
    const [first] = await send([purchase('a1', 300, 'o-a1')]);
    const rewarded = await waitFor(async () => ((await ledger()).length === 1 ? await ledger() : null), 'the first reward');
    expect(rewarded).toMatchObject([{ state: 'committed', external_id: 's1' }]);
    // The same order again (a resend under a new key), a second purchase, and two more referees of s1.
    await send([purchase('a1', 301, 'o-a1'), purchase('a1', 302, 'o-a1-2'), purchase('a2', 303, 'o-a2'), purchase('a3', 304, 'o-a3')]);
    await idle();
    // Duplicate delivery: the judged purchase is offered to the mechanic again (as after a lost ack).
    await sys.db.query(`UPDATE mechanic_input SET state = 'pending', revision = revision + 1 WHERE event_id = $1 AND node_id = $2`, [first, nodeId]);
    const [{ revision }] = await sys.db.query(`SELECT revision FROM mechanic_input WHERE event_id = $1 AND node_id = $2`, [first, nodeId]);
    await idle();
    const [again] = await sys.db.query(`SELECT revision, accepted FROM mechanic_input WHERE event_id = $1 AND node_id = $2`, [first, nodeId]);
    expect(again).toEqual({ revision: revision + 1, accepted: true }); // judged again (each verdict is a revision), still the reward
    const entries = await ledger();
    expect(entries.map((e) => [e.external_id, e.state])).toEqual([
      ['s1', 'committed'],
      ['s1', 'committed'],
    ]);
    expect(new Set(entries.map((e) => e.source_key)).size).toBe(2);
    const after = (await scoring().get(referrals()).set(sys.auth()).expect(200)).body.rewards;
    expect(after.earned).toBe(2);
    expect(after.refused).toMatchObject({ ALREADY_REWARDED: 2, REFERRER_REWARD_LIMIT: 1 });
    expect(await placeOf('s1')).toMatchObject({ referees: 3, rewardsEarned: 2 });
    const messages: { n: number }[] = await sys.db.query(`SELECT count(*)::int AS n FROM outbound_message WHERE campaign_id = $1 AND purpose LIKE 'referral.reward.%'`, [campaignId]);
    expect(messages[0].n).toBe(2);
  }, 60_000);

  it('should place, score and reward sign-ups whose jobs were lost, from Postgres alone (the sweeper)', async () => {
    await send([signup('w0', 600)]);
    const w0 = await placeOf('w0');
    // Stored as the ingest transaction would, but the enqueue "was lost": only the sweeper finds them.
    const lost = async (pid: string, type: string, minute: number, data: Record<string, unknown>) => {
      const [{ id }] = await sys.db.query(`INSERT INTO participant (workspace_id, external_id) VALUES ($1, $2) ON CONFLICT (workspace_id, external_id) DO UPDATE SET external_id = EXCLUDED.external_id RETURNING id`, [sys.workspaceId, pid]);
      await sys.db.query(`INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, occurred_at, data) VALUES ($1, $2, $3, $4, $5, $6)`, [
        sys.workspaceId, `lost-${type}-${pid}`, type, id, at(minute), JSON.stringify(data),
      ]);
    };
    for (const [i, pid] of ['w1', 'w2', 'w3'].entries()) await lost(pid, 'signup', 601 + i, { referralCode: w0.code });
    await lost('w1', 'purchase', 700, { orderId: 'o-w1', amount: 10, currency: 'CNY' });
    for (const pid of ['w1', 'w2', 'w3']) expect(await placeOf(pid)).toMatchObject({ generation: 1, referrer: 'w0' });
    await idle();
    await waitFor(async () => (await placeOf('w0')).rewardsEarned === 1, 'the reward for w1');
    const outcomes = (await scoring().get(`/v1/campaigns/${campaignId}/outcomes`).set(sys.auth()).expect(200)).body;
    const generations = outcomes.generations.map((g: { depth: number; participants: number; k: number | null }) => ({ generation: g.depth, participants: g.participants, k: g.k }));
    expect(generations).toEqual(await kFromSpreadRows());
    expect((await scoring().get(referrals()).set(sys.auth()).expect(200)).body.cascade.generations).toEqual(generations);
  }, 90_000);

  it('should answer bad input and wrong roles with 4xx codes and write nothing', async () => {
    const nodes = async () => Number((await sys.db.query('SELECT count(*) AS n FROM node WHERE campaign_id = $1', [campaignId]))[0].n);
    const before = await nodes();
    const bad = { linkTemplate: 'http://shop.example/r', maxReferralsPerDevice: 0, qualifyingEventTypes: ['vote'] };
    const res = await api().post(`/v1/campaigns/${campaignId}/nodes`).set(sys.auth()).send({ name: 'bad', trigger: { eventType: 'signup' }, mechanic: { kind: 'referral', config: bad } });
    expectError(res, 400, 'MECHANIC.CONFIG_INVALID');
    expect(res.body.error.details.problems.length).toBeGreaterThanOrEqual(3);
    const ok = { name: 'viewer try', trigger: { eventType: 'signup' }, mechanic: { kind: 'referral', config: { linkTemplate: 'https://x.example/{code}' } } };
    expectError(await api().post(`/v1/campaigns/${campaignId}/nodes`).set(as('viewer')).send(ok), 403, 'AUTH.FORBIDDEN_ROLE');
    expect(await nodes()).toBe(before);

    expectError(await scoring().get(referrals()).set(as('ingest')), 403, 'AUTH.FORBIDDEN_ROLE');
    expectError(await scoring().get(referrals('/nobody')).set(sys.auth()), 404, 'PARTICIPANT.NOT_FOUND');
    expectError(await scoring().get(referrals('/bad%20id')).set(sys.auth()), 404, 'PARTICIPANT.NOT_FOUND');
    await send([eventBody('purchase', 'only-buyer', { occurredAt: at(400) })]);
    await waitFor(async () => (await sys.db.query(`SELECT 1 FROM participant WHERE external_id = 'only-buyer'`)).length > 0, 'the buyer');
    expectError(await scoring().get(referrals('/only-buyer')).set(sys.auth()), 404, 'REFERRAL.NOT_PLACED');
    const draft = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody({ name: 'draft' })).expect(201)).body.id;
    const lottery = { name: 'lottery', trigger: { eventType: 'purchase' }, mechanic: { kind: 'draw', config: { winners: 1, drawAt: '2030-01-01T00:00:00Z' } } };
    const other = (await api().post(`/v1/campaigns/${draft}/nodes`).set(sys.auth()).send(lottery).expect(201)).body.id;
    expectError(await scoring().get(`/v1/campaigns/${draft}/nodes/${other}/referrals`).set(sys.auth()), 404, 'REFERRAL.NOT_A_REFERRAL_NODE');
    expectError(await scoring().get(`/v1/campaigns/${draft}/nodes/${nodeId}/referrals`).set(sys.auth()), 404, 'NODE.NOT_FOUND');

    // Hashes only: a raw phone number is not a contact hash (the event contract refuses it).
    const raw = await api().post('/v1/events').set(sys.auth()).send({ events: [signup('z1', 500, { contactHash: '+8613800000000' })] }).expect(202);
    expect(raw.body.results[0]).toMatchObject({ status: 'rejected', reason: 'INVALID_EVENT_DATA', field: 'data.contactHash' });
    expect((await sys.db.query(`SELECT count(*)::int AS n FROM participant WHERE external_id = 'z1'`))[0].n).toBe(0);
  }, 60_000);
});
