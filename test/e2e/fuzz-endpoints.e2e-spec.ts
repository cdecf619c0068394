import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AppModule } from '../../apps/campaign-api/src/app.module';
import { ScoringModule } from '../../apps/scoring/src/scoring.module';
import { provisionWorkspace } from '@lib/access';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from '@lib/channels';
import { DrawEnv, loadEnv } from '@lib/config';
import { DrawBook, DrawReader, DrawSeedVault } from '@lib/draws';
import { Ledger } from '@lib/ledger';
import { AttemptLog } from '@lib/codes';
import { ENTITIES } from '@lib/persistence';
import { bootHttpApp, campaignBody, createLiveCampaign, eventBody, socialPostNodeBody, truncateAll, wipeRedis } from '@lib/testing';
import { FuzzRequest, OpenApiDoc, operationsOf, requestFor } from '../support/openapi-fuzz';

// Property: whatever a client sends to any endpoint, the answer is never 5xx, and a 4xx (or a
// 202 whose events were all rejected) writes nothing: every table's rows are unchanged.
// Operations come from the apps' OpenAPI documents, so new endpoints are fuzzed too.
// FUZZ_RUNS=20000 runs more; FUZZ_SEED=<n> (and the printed path) replays a failure.
// The worker is not booted: nothing writes behind a request's back, so a snapshot taken after
// the response is the request's own doing.
const CODE_USE = /\/(codes\/(redeem|transfer)|purchase-gate\/checks)$/;
const RUNS = Number(process.env.FUZZ_RUNS ?? 6000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? (process.env.FUZZ_RUNS ? 3_600_000 : 75_000));

describe('every endpoint under arbitrary input', () => {
  let api: INestApplication;
  let scoring: INestApplication;
  let db: DataSource;
  const bases: Record<string, URL> = {};
  const keys: Record<string, string> = {};
  let signingKey = '';
  const agent = new Agent({ keepAlive: true });

  beforeAll(async () => {
    api = await bootHttpApp(AppModule, 'campaign-api');
    scoring = await bootHttpApp(ScoringModule, 'scoring');
    db = api.get(DataSource);
    await truncateAll(db);
    bases.api = new URL(await api.getUrl());
    bases.scoring = new URL(await scoring.getUrl());
    const ws = await provisionWorkspace(db, 'Fuzz', 'fuzz');
    keys.admin = ws.adminKey;
    const as = { authorization: `Bearer ${ws.adminKey}` };
    for (const role of ['marketer', 'viewer', 'ingest']) {
      keys[role] = (await request(bases.api.origin).post('/v1/api-keys').set(as).send({ name: role, role }).expect(201)).body.key;
    }
    signingKey = (await request(bases.api.origin).get('/v1/workspace/signing-key').set(as).expect(200)).body.key;
  });

  afterAll(async () => {
    agent.destroy();
    const campaigns: { id: string }[] = db ? await db.query('SELECT id FROM campaign') : [];
    await api?.close();
    await scoring?.close();
    await rm(process.env.MEDIA_DIR!, { recursive: true, force: true });
    await wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`, ...campaigns.map((c) => `canyu:score:{${c.id}}:*`)]);
  });

  /** Real ids for path parameters, by name (`id` takes any of them). */
  async function idPool(): Promise<Record<string, string[]>> {
    const http = request(bases.api.origin);
    const as = { authorization: `Bearer ${keys.admin}` };
    const live = await createLiveCampaign(bases.api.origin, keys.admin);
    const draft = (await http.post('/v1/campaigns').set(as).send(campaignBody({ name: 'draft' })).expect(201)).body.id;
    const node = (await http.post(`/v1/campaigns/${draft}/nodes`).set(as).send(socialPostNodeBody()).expect(201)).body.id;
    const event = (await http.post('/v1/events').set(as).send(eventBody('purchase', 'fan-1')).expect(202)).body.results[0].eventId;
    await http.put('/v1/participants/fan-2').set(as).send({ circle: 'core-fans' }).expect(200);
    const spareKey = (await http.post('/v1/api-keys').set(as).send({ name: 'spare', role: 'viewer' }).expect(201)).body.id;
    const [{ id: workspaceId }] = await db.query('SELECT id FROM workspace');
    const pool = (await http.post(`/v1/campaigns/${live}/prize-pools`).set(as).send({ name: 'prize', stockTotal: 5, unitValueMinor: 100, currency: 'CNY' }).expect(201)).body.id;
    const [{ id: fan2 }] = await db.query(`SELECT id FROM participant WHERE external_id = 'fan-2'`);
    const entries = await db.transaction(async (tx) => {
      const ask = { workspaceId, campaignId: live, participantId: fan2, kind: 'prize' as const, poolId: pool };
      const given = await api.get(Ledger).award(tx, { ...ask, sourceKey: 'fuzz:given' });
      const held = await api.get(Ledger).reserve(tx, { ...ask, sourceKey: 'fuzz:held' });
      return [given, held].map((r) => (r.status === 'refused' ? '' : r.entryId));
    });
    const campaigns = [live, draft];
    // Draws are made by the worker, not through an endpoint: one pending, one drawn.
    const book = new DrawBook(new DrawSeedVault(loadEnv(DrawEnv)), new DrawReader(db));
    const draw = (name: string) => db.transaction((tx) => book.commit(tx, { workspaceId, campaignId: draft, nodeId: node, name, winnersCount: 1 }));
    const pending = await draw('pending');
    const drawn = await db.transaction(async (tx) => book.drawNow(tx, workspaceId, (await draw('drawn')).id, [{ participantId: randomUUID() }]));
    return {
      campaignId: campaigns,
      drawId: [pending.id, drawn.id],
      id: [...campaigns, node, event, spareKey],
      externalId: ['fan-1', 'fan-2'],
      workspaceId: [workspaceId],
      poolId: [pool],
      entryId: entries,
    };
  }

  /** Count and a content hash per table, and the media directory's listing: any write changes one. */
  async function snapshot(): Promise<Record<string, string>> {
    const tables = ENTITIES.map((e) => `"${db.getMetadata(e).tableName}"`);
    const sql = tables.map((t) => `SELECT '${t}' AS t, count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0) AS v FROM ${t} x`).join(' UNION ALL ');
    const rows: { t: string; v: string }[] = await db.query(sql);
    const entries = await readdir(process.env.MEDIA_DIR!, { recursive: true, withFileTypes: true }).catch(() => []);
    const media = entries.filter((e) => e.isFile()).map((e) => `${e.parentPath}/${e.name}`).sort().join(',');
    return { ...Object.fromEntries(rows.map((r) => [r.t, r.v])), 'media files': media };
  }

  function send(r: FuzzRequest): Promise<{ status: number; text: string }> {
    const base = bases[r.app];
    const headers: Record<string, string> = {};
    if (keys[r.role]) headers.authorization = `Bearer ${keys[r.role]}`;
    const body = r.body === undefined ? undefined : Buffer.from(r.body, 'utf8');
    if (body) headers['content-length'] = String(body.length);
    if (body && r.contentType) headers['content-type'] = r.contentType;
    if (r.op.endsWith('/callbacks') && r.role !== 'none' && r.role !== 'viewer') {
      // Mostly signed, so the signed path's body handling is reached too.
      const now = Math.floor(Date.now() / 1000);
      headers[TIMESTAMP_HEADER] = String(now);
      headers[SIGNATURE_HEADER] = signPayload(signingKey, now, r.body ?? '');
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const describeRequest = (r: FuzzRequest, res: { status: number; text: string }) =>
    `${r.method} ${r.path.slice(0, 300)} as ${r.role} (${r.contentType ?? 'no content type'}) body ${(r.body ?? '<none>').slice(0, 300)}\n→ ${res.status} ${res.text.slice(0, 400)}`;

  it('should never answer 5xx, and write nothing when it answers 4xx', async () => {
    const pool = await idPool();
    const docs = {
      api: (await request(bases.api.origin).get('/docs-json').expect(200)).body as OpenApiDoc,
      scoring: (await request(bases.scoring.origin).get('/docs-json').expect(200)).body as OpenApiDoc,
    };
    const ingestBody = docs.api.paths['/v1/events'].post.requestBody?.content?.['application/json']?.schema;
    const ops = [...operationsOf(docs.api, 'api', (path) => (path.endsWith('/callbacks') ? ingestBody : undefined)), ...operationsOf(docs.scoring, 'scoring')];
    expect(ops.length).toBeGreaterThan(25);
    const roles = ['admin', 'marketer', 'viewer', 'ingest', 'none'];
    const statuses = new Map<string, number>();

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ops).chain((op) => requestFor(op, pool, roles)), async (r) => {
        const before = await snapshot();
        const res = await send(r);
        // Code attempts are written in batches off the request's path: stored now, so they show up with their own request.
        await api.get(AttemptLog).flush();
        const label = `${r.op} ${res.status}`;
        statuses.set(label, (statuses.get(label) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`5xx: ${describeRequest(r, res)}`);
        const allRejected = (() => {
          if (res.status !== 202 || !/\/(events|callbacks|voice-entries)$/.test(r.op)) return false;
          const results = (JSON.parse(res.text) as { results?: { status: string }[] }).results ?? [];
          return results.length > 0 && results.every((x) => x.status === 'rejected');
        })();
        if (res.status < 400 && !allRejected) return;
        // Node itself answers 431 (headers too large) before the app sees the request.
        if (res.status >= 400 && res.status !== 431 && typeof (JSON.parse(res.text) as { error?: { code?: unknown } }).error?.code !== 'string') {
          throw new Error(`4xx without an error code: ${describeRequest(r, res)}`);
        }
        const after = await snapshot();
        // Every attempt on a code is audited, refused ones above all (brute-force evidence).
        const audited = CODE_USE.test(r.op) ? ['"code_attempt"'] : [];
        const changed = Object.keys(before).filter((t) => before[t] !== after[t] && !audited.includes(t));
        if (changed.length > 0) throw new Error(`wrote to ${changed.join(', ')}: ${describeRequest(r, res)}`);
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    const runs = [...statuses.values()].reduce((a, b) => a + b, 0);
    const ok = [...statuses].filter(([label]) => / [23]\d\d$/.test(label)).reduce((a, [, n]) => a + n, 0);
    process.stdout.write(`fuzz: ${runs} requests over ${ops.length} operations, ${ok} answered 2xx/3xx (seed ${SEED})\n`);
    expect(runs).toBeGreaterThan(Math.min(RUNS, 500));
  }, TIME_LIMIT_MS + 60_000);
});
