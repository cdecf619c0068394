import request from 'supertest';
import { campaignBody, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// The worker's own timer syncs and offers node phases; short so the close runs within the test.
process.env.SWEEP_INTERVAL_MS = '300';
process.env.SWEEP_GRACE_MS = '0';

/**
 * "150 grams of youth" at the seed campaign's scale of prizes: 40 entries, 858 votes, 36
 * phones. The close waits for every vote cast before it, ranks by valid votes (a tie goes to
 * the earlier entry), and exactly 36 winners get a phone from the ledger; the rest hear they
 * did not win.
 */
describe('UGC contest: 36 winners', () => {
  const sys = useSystem('Ugc36');

  it('should award exactly 36 phones to the 36 most-voted entries, the tie going to the earlier entry', async () => {
    const api = request(sys.apiUrl);
    const now = Date.now();
    const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    const HOUR = 3_600_000;
    const campaignId = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody({ startsAt: iso(-10 * HOUR) })).expect(201)).body.id;
    const pool = (await api.post(`/v1/campaigns/${campaignId}/prize-pools`).set(sys.auth()).send({ name: 'Xiaomi phone', stockTotal: 36, unitValueMinor: 199_900, currency: 'CNY', perParticipantLimit: 1 }).expect(201)).body;
    const closesAt = iso(20_000);
    const config = {
      seedPostId: 'brand-36',
      round1: { opensAt: iso(-9 * HOUR), closesAt },
      round2: { entriesOpenAt: iso(-8 * HOUR), entriesCloseAt: iso(-4 * HOUR), votingOpensAt: iso(-8 * HOUR), votingClosesAt: closesAt },
      winners: 36,
      prizePoolId: pool.id,
      moderation: { requireHumanApproval: false },
    };
    const nodeId = (
      await api.post(`/v1/campaigns/${campaignId}/nodes`).set(sys.auth()).send({ name: '150 grams', trigger: { eventType: 'entry' }, reentry: 'every_time', mechanic: { kind: 'ugc-contest', config } }).expect(201)
    ).body.id;
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);

    // Entry i gets 41 − i votes (i ≤ 35); e36 ties e35 at 6 and loses on time; e37–e39 get 3, 2, 1.
    const votesFor = (i: number) => (i <= 35 ? 41 - i : [6, 3, 2, 1][i - 36]);
    const entries = Array.from({ length: 40 }, (_, i) => eventBody('entry', `author-${i}`, { occurredAt: iso(-7 * HOUR + i * 1000), data: { entryId: `e${i}`, text: `my 150 grams #${i}` } }));
    const votes = entries.flatMap((_, i) => Array.from({ length: votesFor(i) }, (_, j) => eventBody('vote', `voter-${i}-${j}`, { occurredAt: iso(-3 * HOUR + j * 1000), data: { entryId: `e${i}` } })));
    expect(votes).toHaveLength(858);
    await api.post('/v1/events').set(sys.auth()).send({ events: entries }).expect(202);
    // Votes in two batches, the second before the first: order never matters.
    await api.post('/v1/events').set(sys.auth()).send({ events: votes.slice(429) }).expect(202);
    await api.post('/v1/events').set(sys.auth()).send({ events: votes.slice(0, 429) }).expect(202);

    await waitFor(async () => (await sys.db.query(`SELECT state FROM node_phase WHERE node_id = $1`, [nodeId]))[0]?.state === 'done', 'the close', 60_000);
    const [phase] = await sys.db.query(`SELECT outcome FROM node_phase WHERE node_id = $1`, [nodeId]);
    const winners: { entryId: string; rank: number; validVotes: number }[] = phase.outcome.winners;
    expect(winners).toHaveLength(36);
    expect(winners.map((w) => w.entryId)).toEqual(Array.from({ length: 36 }, (_, i) => `e${i}`));
    expect(winners.map((w) => w.validVotes)).toEqual(Array.from({ length: 36 }, (_, i) => votesFor(i)));

    const ledger = await waitFor(async () => {
      const items = (await api.get(`/v1/campaigns/${campaignId}/ledger`).query({ limit: 100 }).set(sys.auth()).expect(200)).body.items;
      return items.length === 36 ? items : null;
    }, '36 ledger entries');
    expect(ledger.every((e: { state: string; poolId: string }) => e.state === 'committed' && e.poolId === pool.id)).toBe(true);
    const left = (await api.get(`/v1/campaigns/${campaignId}/prize-pools/${pool.id}`).set(sys.auth()).expect(200)).body;
    expect(left).toMatchObject({ stockTotal: 36, stockRemaining: 0 });
    const told = async () =>
      (await sys.db.query(`SELECT m.body FROM outbound_message m WHERE m.campaign_id = $1 AND m.purpose LIKE 'ugc.result.%' AND m.status = 'sent'`, [campaignId])).map(
        (r: { body: { kind: string } }) => r.body.kind,
      );
    await waitFor(async () => (await told()).length === 40, 'all 40 entrants told');
    const kinds = await told();
    expect(kinds.filter((k: string) => k === 'ugc-contest.winner')).toHaveLength(36);
    expect(kinds.filter((k: string) => k === 'ugc-contest.result')).toHaveLength(4);
  }, 120_000);
});
