import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { PhaseHandler, PhaseScheduler } from '../../apps/worker/src/mechanics/node-phases';
import { RolloutScheduler } from '../../apps/worker/src/mechanics/rollout-phases';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { campaignBody, declareEventType, eventBody, socialPostNodeBody, waitFor, waitForInvitation, waitForVerdicts } from '@lib/testing';
import { returning } from '@lib/persistence';
import { useSystem } from '../support/system';

process.env.SWEEP_INTERVAL_MS = '300';
process.env.SWEEP_GRACE_MS = '0';

interface Stage {
  status: { stage: number; state: string; openedAt: string | null; reason: string | null; opensAt: string | null };
}

/** Ring-by-ring rollout on the real apps: gating in routing, openings by delay and threshold, kept in node_phase. */
describe('node rollout', () => {
  const sys = useSystem('Rollout');
  const api = () => request(sys.apiUrl);
  const count = async (sql: string, params: unknown[]) => Number((await sys.db.query(sql, params))[0].n);
  const ingest = async (type: string, participant: string, over: Record<string, unknown> = {}) =>
    (await api().post('/v1/events').set(sys.auth()).send(eventBody(type, participant, over)).expect(202)).body.results[0].eventId as string;
  const verdict = async (eventId: string) => (await waitForVerdicts(sys.apiUrl, sys.key, eventId))[0];
  const circle = (id: string, c: string) => api().put(`/v1/participants/${id}`).set(sys.auth()).send({ circle: c }).expect(200);

  /** A live campaign (started a day ago) with one social-post node rolled out ring by ring. */
  async function rolledOut(type: string, rollout: unknown[]): Promise<{ campaignId: string; nodeId: string; startsAt: Date }> {
    await declareEventType(sys.apiUrl, sys.key, type);
    const campaign = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body;
    const node = (await api().post(`/v1/campaigns/${campaign.id}/nodes`).set(sys.auth()).send(socialPostNodeBody({ trigger: { eventType: type }, rollout })).expect(201)).body;
    await api().post(`/v1/campaigns/${campaign.id}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    // The campaign clock (a pass every 300 ms) may take it live first: then this answers 409.
    const res = await api().post(`/v1/campaigns/${campaign.id}/status`).set(sys.auth()).send({ status: 'live' });
    expect([200, 409]).toContain(res.status);
    const live = (await api().get(`/v1/campaigns/${campaign.id}`).set(sys.auth()).expect(200)).body;
    expect(live.status).toBe('live');
    return { campaignId: campaign.id, nodeId: node.id, startsAt: new Date(live.startsAt) };
  }
  const stages = async (campaignId: string, nodeId: string): Promise<Stage[]> =>
    (await api().get(`/v1/campaigns/${campaignId}/nodes/${nodeId}`).set(sys.auth()).expect(200)).body.rollout;

  beforeAll(async () => {
    await circle('dev-1', 'honorary-developers');
    await circle('dev-2', 'honorary-developers');
    await circle('fan-1', 'core-fans');
    await circle('dev-poster', 'honorary-developers');
  });

  it('should admit ring 1 and refuse ring 2 with RING_NOT_OPEN_YET and when it opens', async () => {
    const { campaignId, nodeId, startsAt } = await rolledOut('buy-gated', [
      { circles: ['honorary-developers'] },
      { circles: ['core-fans'], after: 'PT48H' },
      { everyone: true, threshold: { verifiedPosts: 50 } },
    ]);
    const opensAt = new Date(startsAt.getTime() + 48 * 3_600_000).toISOString();
    expect(await verdict(await ingest('buy-gated', 'dev-1'))).toMatchObject({ nodeId, matched: true });
    expect(await verdict(await ingest('buy-gated', 'fan-1'))).toMatchObject({ nodeId, matched: false, reason: 'RING_NOT_OPEN_YET', opensAt });
    // Only a threshold opens the last ring, and its delay-less stage has no instant: null plus the threshold.
    expect(await verdict(await ingest('buy-gated', 'walk-in-1'))).toMatchObject({ reason: 'RING_NOT_OPEN_YET', opensAt: null, threshold: { verifiedPosts: 50 } });
    expect(await count('SELECT count(*) AS n FROM activity WHERE node_id = $1', [nodeId])).toBe(1);
    expect((await stages(campaignId, nodeId)).map((s) => s.status)).toEqual([
      { stage: 1, state: 'open', openedAt: startsAt.toISOString(), reason: 'NODE_OPEN', opensAt: null },
      { stage: 2, state: 'pending', openedAt: null, reason: null, opensAt },
      { stage: 3, state: 'pending', openedAt: null, reason: null, opensAt: null },
    ]);
  });

  it('should open a ring when its threshold is reached, judging earlier events by their occurredAt', async () => {
    const { campaignId, nodeId } = await rolledOut('buy-threshold', [{ circles: ['honorary-developers'] }, { circles: ['core-fans'], after: 'P3D', threshold: { participations: 2 } }]);
    const early = new Date(Date.now() - 2_000).toISOString();
    expect(await verdict(await ingest('buy-threshold', 'dev-1'))).toMatchObject({ matched: true });
    expect(await verdict(await ingest('buy-threshold', 'fan-1', { occurredAt: early }))).toMatchObject({ reason: 'RING_NOT_OPEN_YET' });
    expect(await verdict(await ingest('buy-threshold', 'dev-2'))).toMatchObject({ matched: true });
    // The maintenance pass counts two participations and opens stage 2, stamped with when it found them.
    const opened = await waitFor(async () => {
      const stage = (await stages(campaignId, nodeId))[1];
      return stage.status.state === 'open' ? stage : null;
    }, 'the threshold opening');
    expect(opened.status).toMatchObject({ reason: 'THRESHOLD', opensAt: null });
    const row = (await sys.db.query(`SELECT state, due_at, outcome FROM node_phase WHERE node_id = $1 AND name = 'rollout:2'`, [nodeId]))[0];
    expect(row).toMatchObject({ state: 'done', outcome: { reason: 'THRESHOLD', counts: { participations: 2, verifiedPosts: 0 } } });
    expect(new Date(row.due_at).toISOString()).toBe(opened.status.openedAt);
    // An event of ring 2 from before the opening, arriving now, stays out; one after it enters.
    expect(await verdict(await ingest('buy-threshold', 'fan-1', { occurredAt: early }))).toMatchObject({ reason: 'RING_NOT_OPEN_YET' });
    expect(await verdict(await ingest('buy-threshold', 'fan-1', { occurredAt: new Date().toISOString() }))).toMatchObject({ matched: true });
  });

  it('should open a ring once enough posts of the node are verified', async () => {
    const { campaignId, nodeId } = await rolledOut('buy-posts', [{ circles: ['honorary-developers'] }, { circles: ['core-fans'], threshold: { verifiedPosts: 1 } }]);
    expect(await verdict(await ingest('buy-posts', 'dev-poster'))).toMatchObject({ matched: true });
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'dev-poster');
    // A participation alone opens nothing: the threshold counts verified posts only (a pass over it, run here).
    await sys.worker.get(RolloutScheduler).sync();
    expect((await stages(campaignId, nodeId))[1].status.state).toBe('pending');
    await ingest('post', 'dev-poster', { channel: 'weibo', data: { postId: 'ring-post', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } });
    await waitFor(async () => (await stages(campaignId, nodeId))[1].status.state === 'open', 'the verified-posts opening');
    const [row] = await sys.db.query(`SELECT outcome FROM node_phase WHERE node_id = $1 AND name = 'rollout:2'`, [nodeId]);
    expect(row.outcome).toMatchObject({ reason: 'THRESHOLD', counts: { participations: 1, verifiedPosts: 1 } });
  });

  it('should refuse a bad rollout with its code and write nothing', async () => {
    await declareEventType(sys.apiUrl, sys.key, 'buy-bad');
    const campaignId = (await api().post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body.id;
    const nodes = () => count('SELECT count(*) AS n FROM node WHERE campaign_id = $1', [campaignId]);
    const audits = () => count(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'node.%'`, []);
    const [n0, a0] = [await nodes(), await audits()];
    const post = (rollout: unknown) => api().post(`/v1/campaigns/${campaignId}/nodes`).set(sys.auth()).send(socialPostNodeBody({ trigger: { eventType: 'buy-bad' }, rollout }));
    const cases: [unknown, string][] = [
      [[], 'NODE.ROLLOUT_INVALID_STAGE'],
      [[{ circles: ['a'] }, { circles: ['b'], after: 'PT-48H' }], 'NODE.ROLLOUT_INVALID_DELAY'],
      [[{ circles: ['a'] }, { circles: ['a'], after: 'PT1H' }], 'NODE.ROLLOUT_DUPLICATE_CIRCLE'],
      [[{ circles: ['a'] }, { circles: ['b'] }], 'NODE.ROLLOUT_INVALID_STAGE'],
      [[{ circles: ['a'], delay: 'PT1H' }], 'REQUEST.VALIDATION_FAILED'],
      [[{ circles: ['a'] }, { circles: ['b'], threshold: { participations: -1 } }], 'REQUEST.VALIDATION_FAILED'],
      [{ circles: ['a'] }, 'REQUEST.VALIDATION_FAILED'],
    ];
    for (const [rollout, code] of cases) {
      const res = await post(rollout);
      expect({ status: res.status, code: res.body?.error?.code, rollout }).toEqual({ status: 400, code, rollout });
    }
    expect([await nodes(), await audits()]).toEqual([n0, a0]);
  });

  it('should refuse to change a stage that is already open (409), and allow the pending ones to change', async () => {
    const body = (rollout: unknown[]) => socialPostNodeBody({ trigger: { eventType: 'buy-edit' }, rollout });
    const { campaignId, nodeId } = await rolledOut('buy-edit', [{ circles: ['honorary-developers'] }, { circles: ['core-fans'], after: 'P3D' }]);
    const put = (rollout: unknown[]) => api().put(`/v1/campaigns/${campaignId}/nodes/${nodeId}`).set(sys.auth()).send(body(rollout));
    const res = await put([{ circles: ['core-fans'] }]);
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 409, code: 'NODE.ROLLOUT_STAGE_OPENED' });
    await put([{ circles: ['honorary-developers'] }, { circles: ['core-fans'], after: 'P2D' }]).expect(200);
    expect((await stages(campaignId, nodeId))[1]).toMatchObject({ after: 'P2D', status: { state: 'pending' } });
    // Edited to threshold only: its planned phase, delivered when due, is cancelled instead of opening the ring.
    await sys.worker.get(PhaseScheduler).sync();
    await put([{ circles: ['honorary-developers'] }, { circles: ['core-fans'], threshold: { participations: 1000 } }]).expect(200);
    const [phase] = await returning<{ id: string }>(sys.db, `UPDATE node_phase SET due_at = now() - interval '1 second' WHERE node_id = $1 AND name = 'rollout:2' RETURNING id`, [nodeId]);
    await sys.worker.get(PhaseHandler).handle({ v: 1, workspaceId: sys.workspaceId, phaseId: phase.id });
    expect((await sys.db.query('SELECT state, outcome FROM node_phase WHERE id = $1', [phase.id]))[0]).toEqual({ state: 'cancelled', outcome: { reason: 'ROLLOUT_CHANGED' } });
    expect((await stages(campaignId, nodeId))[1].status).toMatchObject({ state: 'pending', opensAt: null });
  });

  // Last: it replaces the system's worker.
  it('should open a ring whose delay passed while the worker was stopped, once a fresh worker runs', async () => {
    const opensAt = new Date(Date.now() + 3_000);
    const { campaignId, nodeId } = await rolledOut('buy-restart', [{ circles: ['honorary-developers'] }, { circles: ['core-fans'], opensAt: opensAt.toISOString() }]);
    const phase = (state: string) => count(`SELECT count(*) AS n FROM node_phase WHERE node_id = $1 AND name = 'rollout:2' AND state = $2`, [nodeId, state]);
    await waitFor(async () => (await phase('pending')) === 1, 'the rollout phase planned');
    await sys.worker.close();
    await new Promise((r) => setTimeout(r, opensAt.getTime() - Date.now() + 500));
    expect(await phase('pending')).toBe(1);
    // A fresh worker process (the old one's delayed jobs and timers are gone with it).
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    Object.assign(sys, { worker });
    try {
      await waitFor(async () => (await phase('done')) === 1, 'the opening after the restart', 20_000);
      expect((await stages(campaignId, nodeId))[1].status).toEqual({ stage: 2, state: 'open', openedAt: opensAt.toISOString(), reason: 'DELAY', opensAt: null });
      expect(await verdict(await ingest('buy-restart', 'fan-1', { occurredAt: new Date().toISOString() }))).toMatchObject({ nodeId, matched: true });
    } finally {
      // The system's own close() knows only the first worker: this one is closed here.
      await worker.close();
    }
  });
});
