#!/usr/bin/env node
// `npm run bench` (full) or `npm run bench -- --quick` (or BENCH_QUICK=1): measures in one run
//  (a) the raw ceiling of PostgreSQL + Redis on event-shaped data,
//  (b) batched ingest → scored throughput of the real system (three apps as processes),
//  (c) single-event ingest latency and throughput to scored,
//  (d) prize claims under contention through the ledger, beside a bare one-row UPDATE,
//  (e) the voice-shout loudness analyser (libs/audio) beside ffmpeg's ebur128 on the same clips,
//  (f) vote ingest → contest standings (votes judged per voter, standings checked against the verdicts),
//  (g) invite codes: bulk generation, and a redemption storm beside a bare one-row UPDATE (doubles checked in the DB),
//  (h) purchase-gate checks over HTTP beside a bare node:http server,
// prints a table and writes docs/BENCHMARKS.md (unless --no-docs). Talks only to 127.0.0.1.
// `--only=loudness` runs (d) alone (no services) and replaces just its section of the docs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import Redis from 'ioredis';
import { withSecrets } from './lib/secrets.mjs';
import { DEFAULTS, ensureDeps, ensureFfmpeg, ensurePostgres, ensureRedis, root, step } from './lib/services.mjs';
import { loudnessMarkdown, printLoudness, runLoudness, spliceLoudness } from './bench/loudness.mjs';
import { FANOUT, runBatched, runSingle } from './bench/phases.mjs';
import { rawCeiling } from './bench/raw-ceiling.mjs';
import { prizeClaims } from './bench/prize-claims.mjs';
import { codeBench, codesMarkdown, printCodes } from './bench/codes.mjs';
import { gateChecks, printGate } from './bench/gate.mjs';
import { printVotes, voteStorm } from './bench/votes.mjs';
import { machineInfo, printPrizeClaims, printReport, prizeClaimsMarkdown, writeDocs } from './bench/report.mjs';
import { expectStatus, portIsFree, setupCampaign, startApps, stopApps, waitHealthy } from './bench/system.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick') || ['1', 'true', 'yes'].includes(String(process.env.BENCH_QUICK).toLowerCase());
const mode = quick ? 'quick' : 'full';
// --only=prize-claims: phase (d) alone, no apps; prints its BENCHMARKS.md section instead of writing the file.
const only = args.find((a) => a.startsWith('--only='))?.slice(7) ?? null;
if (only !== null && !['prize-claims', 'codes'].includes(only)) throw new Error(`unknown --only=${only}; the phases that run alone are prize-claims and codes`);
const intEnv = (name, fallback, min, max) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in ${min}..${max}, got '${raw}'`);
  return v;
};
const FULL = { batched: 20_000, batchSize: 1000, single: 2000, warmup: 1000, drainMs: 300_000, prizeStock: 2000, prizeClaims: 5000, prizeRounds: 3, votes: 10_000, voteEntries: 200, codes: 100_000, gateChecks: 20_000 };
const QUICK = { batched: 2000, batchSize: 500, single: 150, warmup: 200, drainMs: 30_000, prizeStock: 200, prizeClaims: 500, prizeRounds: 1, votes: 1000, voteEntries: 50, codes: 5000, gateChecks: 2000 };
const base = quick ? QUICK : FULL;
const sizes = {
  batched: intEnv('BENCH_BATCHED_N', base.batched, 100, 200_000),
  batchSize: intEnv('BENCH_BATCH_SIZE', base.batchSize, 1, 1000),
  single: intEnv('BENCH_SINGLE_N', base.single, 10, 50_000),
  concurrency: intEnv('BENCH_CONCURRENCY', 2, 1, 16),
  singleConcurrency: 8,
  prizeStock: intEnv('BENCH_PRIZE_STOCK', base.prizeStock, 1, 1_000_000),
  prizeClaims: intEnv('BENCH_PRIZE_CLAIMS', base.prizeClaims, 1, 1_000_000),
  prizeClaimers: intEnv('BENCH_PRIZE_CLAIMERS', 32, 1, 256),
  prizeConnections: 20,
  codes: intEnv('BENCH_CODES', base.codes, 100, 1_000_000),
  gateChecks: intEnv('BENCH_GATE_CHECKS', base.gateChecks, 100, 1_000_000),
  gateClients: intEnv('BENCH_GATE_CLIENTS', 32, 1, 256),
  codeConcurrency: intEnv('BENCH_CODE_CONCURRENCY', 4000, 1, 20_000),
  prizeRounds: base.prizeRounds,
  votes: intEnv('BENCH_VOTES', base.votes, 10, 1_000_000),
  voteEntries: base.voteEntries,
  warmup: base.warmup,
  drainMs: base.drainMs,
};

const local = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
const benchDb =
  process.env.BENCH_DATABASE_URL ||
  Object.assign(new URL(process.env.DATABASE_URL || DEFAULTS.DATABASE_URL), { pathname: '/canyu_bench' }).toString();
const redisUrl = process.env.REDIS_URL || DEFAULTS.REDIS_URL;
const QUEUE_PREFIX = 'bench';
const apiPort = intEnv('BENCH_API_PORT', 3100, 1024, 65535);
const scoringPort = intEnv('BENCH_SCORING_PORT', 3101, 1024, 65535);
const workerEnv = { WORKER_CONCURRENCY: '16', SWEEP_INTERVAL_MS: '5000' };
// Throughput, not limits, is measured: the checkout-path phases send far more than the default 1,000 requests/s per key.
const limitEnv = { RATE_LIMIT_INGEST_PER_KEY: '1000000', RATE_LIMIT_INGEST_PER_ADDRESS: '1000000' };
const log = (msg) => console.log(`  ${msg}`);

let apps = [];
let db = null;
let redis = null;
let campaignId = null;
let logDir = null;
let cleaning = null;

async function deleteKeys(pattern) {
  let cursor = '0';
  let deleted = 0;
  for (let round = 0; round < 100_000; round++) {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.del(...keys);
    cursor = nextCursor;
    if (cursor === '0') break;
  }
  return deleted;
}

function cleanup() {
  cleaning ??= (async () => {
    if (apps.length > 0) {
      step('stopping the apps…');
      await stopApps(apps);
    }
    if (redis?.status === 'ready') {
      const n = (await deleteKeys(`${QUEUE_PREFIX}:*`)) + (campaignId ? await deleteKeys(`canyu:score:{${campaignId}}:*`) : 0);
      log(`deleted ${n} Redis keys (${QUEUE_PREFIX}:* and this run's canyu:score:* keys)`);
      await redis.quit().catch(() => {});
    }
    await db?.end().catch(() => {});
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping…`);
    cleanup().finally(() => process.exit(130));
  });
}
// Last resort if the process dies some other way: never leave the apps running.
process.on('exit', () => apps.forEach((a) => a.exited || a.child.kill('SIGKILL')));

async function loudnessOnly() {
  console.log(`Canyu benchmark, loudness analyser only, ${mode} mode`);
  ensureDeps();
  ensureFfmpeg();
  step('building dist/ (swc, no type-check)…');
  execFileSync(process.execPath, [`${root}scripts/build.mjs`, '--no-typecheck'], { stdio: 'inherit', cwd: root });
  step('(d) loudness analyser vs ffmpeg ebur128…');
  const result = await runLoudness({ root, quick, log });
  printLoudness(result);
  if (!args.includes('--no-docs')) {
    const path = `${root}docs/BENCHMARKS.md`;
    writeFileSync(path, spliceLoudness(existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n', loudnessMarkdown(result)));
    log('\nwrote the loudness section of docs/BENCHMARKS.md');
  }
  return true;
}

async function main() {
  if (args.includes('--only=loudness')) return loudnessOnly();
  if (!local(benchDb) || !local(redisUrl)) throw new Error('the benchmark only talks to 127.0.0.1: point BENCH_DATABASE_URL / REDIS_URL at this machine');
  const started = Date.now();
  console.log(
    only
      ? `Canyu benchmark, ${mode} mode, ${only} only`
      : `Canyu benchmark, ${mode} mode: ${sizes.batched} batched events (${sizes.batchSize}/request), ${sizes.single} single events ×2, ${sizes.prizeClaims} prize claims`,
  );
  ensureDeps();
  ensureFfmpeg();
  await ensurePostgres(benchDb);
  await ensureRedis(redisUrl);

  step('building dist/ (swc, no type-check)…');
  execFileSync(process.execPath, [`${root}scripts/build.mjs`, '--no-typecheck'], { stdio: 'inherit', cwd: root });

  step(`recreating the schema of ${new URL(benchDb).pathname.slice(1)} and running migrations…`);
  db = new pg.Pool({ connectionString: benchDb, max: 4 }); // the bench's own queries (progress polls overlap)
  await db.query('DROP SCHEMA IF EXISTS public CASCADE');
  await db.query('CREATE SCHEMA public');
  // The apps refuse to boot without a signing secret: the installation's, as `npm start` uses.
  const dbEnv = withSecrets(root, { ...process.env, DATABASE_URL: benchDb });
  try {
    execFileSync(process.execPath, [`${root}node_modules/typeorm/cli.js`, 'migration:run', '-d', `${root}dist/libs/persistence/src/data-source.js`], {
      cwd: root,
      env: dbEnv,
      stdio: 'pipe',
    });
  } catch (err) {
    throw new Error(`migrations failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }

  redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  await deleteKeys(`${QUEUE_PREFIX}:*`); // leftovers of an interrupted run

  let raw = null;
  if (!only) {
    step('(a) raw ceiling: PostgreSQL and Redis alone…');
    raw = await rawCeiling({ dbUrl: benchDb, redisUrl, n: Math.max(sizes.batched, 10_000), batch: 1000, concurrency: sizes.concurrency, log });
    log(`PG ${Math.round(raw.pgRate)} events/s, Redis ${Math.round(raw.redisRate)} events/s, combined ${Math.round(raw.combinedRate)} events/s`);
  }

  // Before the apps start, so the storm has the machine to itself, as the raw ceiling does.
  let codes = null;
  if (only === null || only === 'codes') {
    step(`(g) invite codes: ${sizes.codes} generated, redeemed twice each at once…`);
    codes = await codeBench({ root, dbUrl: benchDb, codes: sizes.codes, concurrency: sizes.codeConcurrency, connections: 10, log });
    printCodes(codes);
    if (only === 'codes') {
      console.log(`\n--- docs/BENCHMARKS.md section ---\n${codesMarkdown(codes)}`);
      return true;
    }
  }

  // Before the apps start, so the race has the machine to itself, as the raw ceiling does.
  step(`(d) prize claims under contention: ${sizes.prizeClaims} claims on ${sizes.prizeStock} units…`);
  const prize = await prizeClaims({
    root, dbUrl: benchDb, stock: sizes.prizeStock, attempts: sizes.prizeClaims, concurrency: sizes.prizeClaimers, connections: sizes.prizeConnections, rounds: sizes.prizeRounds, log,
  });
  if (only === 'prize-claims') {
    const machine = await machineInfo(db, redis);
    console.log(`\n${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.postgres.split(' on ')[0]} — ${mode} mode, ${new Date().toISOString()}`);
    printPrizeClaims(prize);
    console.log(`\n--- docs/BENCHMARKS.md section ---\n${prizeClaimsMarkdown(prize)}`);
    return true;
  }

  step('creating a workspace and starting campaign-api, worker and scoring…');
  const ws = JSON.parse(execFileSync(process.execPath, [`${root}dist/tools/workspace-create.js`, 'Bench', 'bench'], { cwd: root, env: dbEnv }).toString().trim());
  for (const port of [apiPort, scoringPort]) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} is in use on 127.0.0.1 (set BENCH_API_PORT / BENCH_SCORING_PORT)`);
  }
  logDir = mkdtempSync(`${os.tmpdir()}/canyu-bench-`);
  const appEnv = { ...dbEnv, REDIS_URL: redisUrl, QUEUE_PREFIX, CAMPAIGN_API_PORT: String(apiPort), SCORING_PORT: String(scoringPort), LOG_LEVEL: 'warn', ...workerEnv, ...limitEnv };
  delete appEnv.PORT;
  apps = startApps(root, appEnv, logDir);
  log(`app logs in ${logDir}`);
  await Promise.all([waitHealthy(apiPort, apps), waitHealthy(scoringPort, apps)]);

  step('setting up: campaign, node, live, purchase → invitation → root post…');
  const setup = await setupCampaign({ apiPort, key: ws.adminKey, db, workspaceId: ws.workspaceId, apps, log });
  campaignId = setup.campaignId;
  const ctx = { db, redis, apps, log, apiPort, key: ws.adminKey, workspaceId: ws.workspaceId, rootRef: setup.rootRef, queuePrefix: QUEUE_PREFIX, progressMs: 2000 };

  step(`warm-up: ${sizes.warmup} batched + 50 single events (not counted)…`);
  await runBatched(ctx, { key: 'warm-up', prefix: 'warm', n: sizes.warmup, batchSize: Math.min(sizes.batchSize, sizes.warmup), concurrency: 1, drainMs: sizes.drainMs });
  await runSingle(ctx, { key: 'warm-up', title: 'warm-up', prefix: 'warms', n: 50, concurrency: 4, drainMs: sizes.drainMs });

  const phases = [];
  step(`(b) batched: ${sizes.batched} events in requests of ${sizes.batchSize}, ${sizes.concurrency} in flight…`);
  phases.push(await runBatched(ctx, { title: `Batched (${sizes.batchSize}/request, ${sizes.concurrency} in flight)`, prefix: 'bat', n: sizes.batched, batchSize: sizes.batchSize, concurrency: sizes.concurrency, drainMs: sizes.drainMs }));
  step(`(c) single events, sequential: ${sizes.single} requests…`);
  phases.push(await runSingle(ctx, { key: 'single', title: 'Single, sequential', prefix: 'seq', n: sizes.single, concurrency: 1, drainMs: sizes.drainMs }));
  step(`(c) single events, ${sizes.singleConcurrency} in flight: ${sizes.single} requests…`);
  phases.push(await runSingle(ctx, { key: 'single8', title: `Single, ${sizes.singleConcurrency} in flight`, prefix: 'c8', n: sizes.single, concurrency: sizes.singleConcurrency, drainMs: sizes.drainMs }));

  step(`(f) vote ingest → standings: ${sizes.votes} votes on ${sizes.voteEntries} entries…`);
  const votes = await voteStorm({ apiPort, key: ws.adminKey, db, apps, entries: sizes.voteEntries, votes: sizes.votes, log });
  printVotes(votes, raw);

  step(`(h) purchase-gate checks: ${sizes.gateChecks} per case, ${sizes.gateClients} keep-alive clients…`);
  const gate = await gateChecks({ root, apiPort, key: ws.adminKey, n: sizes.gateChecks, concurrency: sizes.gateClients, log });
  printGate(gate);

  step('(e) loudness analyser vs ffmpeg ebur128 (apps idle)…');
  const loudness = await runLoudness({ root, quick, log });

  const board = (await expectStatus(200, scoringPort, 'GET', `/v1/campaigns/${campaignId}/outcomes`, { key: ws.adminKey }));
  log(`outcomes check: reposts ${board.reposts}, posts ${board.posts}, uniqueReach ${board.uniqueReach}, maxCascadeDepth ${board.maxCascadeDepth}`);

  const report = {
    mode,
    date: new Date().toISOString(),
    machine: await machineInfo(db, redis),
    raw,
    phases,
    prizeClaims: prize,
    codes,
    votes,
    gate,
    loudness,
    config: {
      ...sizes,
      rawBatch: raw.batch,
      fanout: FANOUT,
      workerConcurrency: workerEnv.WORKER_CONCURRENCY,
      sweepMs: workerEnv.SWEEP_INTERVAL_MS,
      database: new URL(benchDb).pathname.slice(1),
      queuePrefix: QUEUE_PREFIX,
      apiPort,
      scoringPort,
    },
    fullSizes: `${FULL.batched.toLocaleString('en-US')} batched events (${FULL.batchSize} per request), ${FULL.single.toLocaleString('en-US')} single events sequential + ${FULL.single.toLocaleString('en-US')} with 8 in flight`,
  };
  printReport(report);
  if (!args.includes('--no-docs')) {
    writeDocs(`${root}docs/BENCHMARKS.md`, report);
    log(`\nwrote docs/BENCHMARKS.md`);
  }
  log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return phases.every((p) => p.complete);
}

let ok = false;
try {
  const complete = await main();
  ok = true;
  if (!complete) console.error('\n✖ some phases did not finish scoring within their drain limit (see INCOMPLETE above)');
} catch (err) {
  console.error(`\n✖ ${err.stack ?? err.message}`);
  if (logDir) console.error(`app logs: ${logDir}`);
} finally {
  await cleanup().catch((err) => console.error(`cleanup: ${err.message}`));
}
if (ok && logDir) rmSync(logDir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
