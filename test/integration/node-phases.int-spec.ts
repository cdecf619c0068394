import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { PhaseHandler, PhaseScheduler } from '../../apps/worker/src/mechanics/node-phases';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { campaignBody, declareEventType, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

process.env.SWEEP_INTERVAL_MS = '300';
process.env.SWEEP_GRACE_MS = '0';

/** Node phases are Postgres rows: they survive a worker that stops, and run once however often they are delivered. */
describe('node phases', () => {
  const sys = useSystem('Phases');
  const count = async (sql: string, params: unknown[]) => Number((await sys.db.query(sql, params))[0].n);

  async function lottery(drawAt: Date, stock: number): Promise<{ campaignId: string; nodeId: string }> {
    const api = request(sys.apiUrl);
    await declareEventType(sys.apiUrl, sys.key, 'checkin');
    const campaignId = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body.id;
    const pool = (await api.post(`/v1/campaigns/${campaignId}/prize-pools`).set(sys.auth()).send({ name: 'Band', stockTotal: stock, unitValueMinor: 100, currency: 'CNY' }).expect(201)).body;
    const nodeId = (
      await api
        .post(`/v1/campaigns/${campaignId}/nodes`)
        .set(sys.auth())
        .send({ name: 'Lottery', trigger: { eventType: 'checkin' }, reentry: 'once', mechanic: { kind: 'draw', config: { winners: 2, drawAt: drawAt.toISOString(), prizePoolId: pool.id } } })
        .expect(201)
    ).body.id;
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    // The campaign clock may take a scheduled campaign live first (its start is past): either way it is live.
    const live = await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' });
    if (live.status !== 200) expect((await api.get(`/v1/campaigns/${campaignId}`).set(sys.auth()).expect(200)).body.status).toBe('live');
    await api.post('/v1/events').set(sys.auth()).send({ events: ['a', 'b', 'c', 'd'].map((p) => eventBody('checkin', `${campaignId}-${p}`)) }).expect(202);
    await waitFor(async () => (await count('SELECT count(*) AS n FROM activity WHERE node_id = $1', [nodeId])) === 4, 'four entrants');
    return { campaignId, nodeId };
  }

  it('should give one outcome when the same phase job runs several times at once', async () => {
    // Due in a few seconds (not moved by hand: each maintenance pass puts due_at back to the config's drawAt).
    const drawAt = new Date(Date.now() + 5_000);
    const { campaignId, nodeId } = await lottery(drawAt, 5);
    await sys.worker.get(PhaseScheduler).sync();
    const [phase] = (await sys.db.query(`SELECT id FROM node_phase WHERE node_id = $1 AND name = 'draw'`, [nodeId])) as { id: string }[];
    await new Promise((r) => setTimeout(r, Math.max(0, drawAt.getTime() - Date.now() + 50)));
    // Three deliveries race (besides the worker's own delayed job and the sweeper's offer), then one more.
    const handler = sys.worker.get(PhaseHandler);
    await Promise.all([1, 2, 3].map(() => handler.handle({ v: 1, workspaceId: sys.workspaceId, phaseId: phase.id })));
    await handler.handle({ v: 1, workspaceId: sys.workspaceId, phaseId: phase.id });
    expect(await count(`SELECT count(*) AS n FROM node_phase WHERE id = $1 AND state = 'done'`, [phase.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM draw WHERE node_id = $1`, [nodeId])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM ledger_entry WHERE campaign_id = $1`, [campaignId])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM outbound_message WHERE campaign_id = $1 AND purpose LIKE 'draw.%'`, [campaignId])).toBe(4);
  });

  // Last: it replaces the system's worker.
  it('should run a draw that came due while the worker was stopped, once the worker is back', async () => {
    const drawAt = new Date(Date.now() + 3_000);
    const { nodeId } = await lottery(drawAt, 5);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM node_phase WHERE node_id = $1`, [nodeId])) === 2, 'phases scheduled');
    await sys.worker.close();
    await new Promise((r) => setTimeout(r, drawAt.getTime() - Date.now() + 500));
    expect(await count(`SELECT count(*) AS n FROM node_phase WHERE node_id = $1 AND name = 'draw' AND state = 'pending'`, [nodeId])).toBe(1);
    // A fresh worker process (its in-memory timers and delayed jobs are gone with the old one).
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    Object.assign(sys, { worker });
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM node_phase WHERE node_id = $1 AND name = 'draw' AND state = 'done'`, [nodeId])) === 1, 'the draw after the restart', 20_000);
    expect(await count(`SELECT count(*) AS n FROM draw WHERE node_id = $1 AND state = 'drawn'`, [nodeId])).toBe(1);
    // The system's own close() knows only the first worker: this one is closed here.
    await worker.close();
  });
});
