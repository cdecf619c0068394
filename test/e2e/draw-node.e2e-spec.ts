import request from 'supertest';
import { verifyProof } from '@lib/domain';
import { campaignBody, declareEventType, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// The worker's own timer syncs and offers node phases; short so the draw runs within the test.
process.env.SWEEP_INTERVAL_MS = '300';
process.env.SWEEP_GRACE_MS = '0';

/**
 * A lottery node at a fan party: people check in, the seed's commitment is published while
 * entries are open, and at drawAt the worker draws on its own (a phase), publishes a proof
 * anyone can re-check, and tells every entrant the result. A check-in after drawAt is not in it.
 */
describe('Lottery node (draw mechanic)', () => {
  const sys = useSystem('Lottery');

  it('should commit when entries open, draw on schedule among those who entered before, and publish a proof that verifies', async () => {
    const api = request(sys.apiUrl);
    const scoring = request(sys.scoringUrl);
    await declareEventType(sys.apiUrl, sys.key, 'checkin');
    const drawAt = new Date(Date.now() + 5_000);
    const campaignId = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body.id;
    // One phone in stock for two winners: the second winner hears that the prizes ran out.
    const pool = (await api.post(`/v1/campaigns/${campaignId}/prize-pools`).set(sys.auth()).send({ name: 'Phone', stockTotal: 1, unitValueMinor: 199_900, currency: 'CNY' }).expect(201)).body;
    await api
      .post(`/v1/campaigns/${campaignId}/nodes`)
      .set(sys.auth())
      .send({ name: 'Fan party lottery', trigger: { eventType: 'checkin' }, reentry: 'once', mechanic: { kind: 'draw', config: { name: 'phone', winners: 2, drawAt: drawAt.toISOString(), prizePoolId: pool.id } } })
      .expect(201);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);

    const fans = ['fan-a', 'fan-b', 'fan-c', 'fan-d', 'fan-e'];
    await api.post('/v1/events').set(sys.auth()).send({ events: fans.map((f) => eventBody('checkin', f)) }).expect(202);
    // Committed before the draw: the commitment is public, the seed is not.
    const before = await waitFor(async () => (await scoring.get(`/v1/campaigns/${campaignId}/draws`).set(sys.auth()).expect(200)).body.items?.[0], 'the commitment');
    expect(before).toMatchObject({ name: 'phone', state: 'committed' });
    expect(before.commitment).toMatch(/^[0-9a-f]{64}$/);

    await waitFor(async () => Date.now() > drawAt.getTime() + 200, 'drawAt', 10_000);
    await api.post('/v1/events').set(sys.auth()).send(eventBody('checkin', 'fan-late')).expect(202);
    const proof = await waitFor(async () => {
      const p = (await scoring.get(`/v1/campaigns/${campaignId}/draws/${before.id}/proof`).set(sys.auth()).expect(200)).body;
      return p.seed ? p : null;
    }, 'the draw', 20_000);
    expect(proof.commitment).toBe(before.commitment);
    expect(proof.entrants).toHaveLength(fans.length);
    expect(proof.winners).toHaveLength(2);
    expect(verifyProof(proof)).toMatchObject({ valid: true, problems: [] });
    // The node shows its timers: committed, then drawn, each with what it did.
    const [{ id: nodeId }] = await sys.db.query('SELECT id FROM node WHERE campaign_id = $1', [campaignId]);
    const phases = await waitFor(async () => {
      const p = (await api.get(`/v1/campaigns/${campaignId}/nodes/${nodeId}`).set(sys.auth()).expect(200)).body.phases;
      return p.every((x: { state: string }) => x.state === 'done') ? p : null;
    }, 'both phases done');
    expect(phases.map((p: { name: string; outcome: Record<string, unknown> }) => [p.name, p.outcome])).toEqual([
      ['commit', { committed: 'phone' }],
      ['draw', { entrants: 5 }],
    ]);

    // Every entrant is told, with the pseudonym that finds them in the published list.
    const messages = await waitFor(async () => {
      const rows: { external_id: string; body: { won: boolean; entrantId: string; prize?: unknown } }[] = await sys.db.query(
        `SELECT p.external_id, m.body FROM outbound_message m JOIN participant p ON p.id = m.participant_id WHERE m.campaign_id = $1 AND m.purpose LIKE 'draw.%' AND m.status = 'sent'`,
        [campaignId],
      );
      return rows.length === fans.length ? rows : null;
    }, 'every entrant told');
    expect(messages.map((m) => m.external_id).sort()).toEqual(fans);
    expect(messages.filter((m) => m.body.won)).toHaveLength(2);
    const listed = new Set(proof.entrants.map((e: { id: string }) => e.id));
    expect(messages.every((m) => listed.has(m.body.entrantId))).toBe(true);
    const winners = new Set(proof.winners.map((w: { id: string }) => w.id));
    expect(messages.filter((m) => winners.has(m.body.entrantId)).every((m) => m.body.won)).toBe(true);
    // The ledger: one unit committed, naming the winner's activity; the other winner refused.
    const prizes = messages.filter((m) => m.body.won).map((m) => (m.body as { prize: unknown; refusedBecause?: string }));
    expect(prizes.filter((p) => p.prize !== null)).toHaveLength(1);
    expect(prizes.find((p) => p.prize === null)?.refusedBecause).toBe('OUT_OF_STOCK');
    const ledger = (await api.get(`/v1/campaigns/${campaignId}/ledger`).set(sys.auth()).expect(200)).body.items;
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ state: 'committed', poolId: pool.id });
    expect(ledger[0].activityId).toEqual(expect.any(String));
    const after = (await api.get(`/v1/campaigns/${campaignId}/prize-pools/${pool.id}`).set(sys.auth()).expect(200)).body;
    expect(after).toMatchObject({ stockTotal: 1 });
  }, 60_000);
});
