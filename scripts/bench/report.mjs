// Statistics, the console table and docs/BENCHMARKS.md for `npm run bench`.
import { printVotes, votesMarkdown } from './votes.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { loudnessMarkdown, printLoudness } from './loudness.mjs';
import { codesMarkdown } from './codes.mjs';
import { gateMarkdown } from './gate.mjs';

/** Nearest-rank percentile of an unsorted array of numbers (q in 0..1); null when empty. */
export function percentile(values, q) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const rate = (count, ms) => (ms > 0 ? (count * 1000) / ms : null);

const num = (v, digits = 0) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v) => (v === null || v === undefined ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const pct = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
const sec = (v) => (v === null || v === undefined ? '–' : (v / 1000).toFixed(2));

/** Machine and service versions, for the report header. */
export async function machineInfo(pgClient, redis) {
  const cpus = os.cpus();
  const pgVersion = (await pgClient.query('SELECT version() AS v')).rows[0].v;
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    postgres: pgVersion,
    redis: redisVersion,
  };
}

/** Rows of the main table: [label, N, events/s, ack p50, ack p99, scored p50, scored p99]. */
function tableRows(r) {
  const rows = [
    ['Raw PG: multi-row INSERT … ON CONFLICT DO NOTHING', r.raw.n, r.raw.pgRate],
    ['Raw Redis: pipelined ZINCRBY + PFADD', r.raw.n, r.raw.redisRate],
    ['Raw combined ceiling: 1/(1/pg + 1/redis)', r.raw.n, r.raw.combinedRate],
  ].map(([label, n, eps]) => [label, num(n), num(eps), '–', '–', '–', '–']);
  for (const p of r.phases) {
    rows.push([`${p.title}: ingest acknowledged`, num(p.n), num(p.ackRate), ms(p.ackP50), ms(p.ackP99), '–', '–']);
    rows.push([`${p.title}: ingest → scored`, num(p.scored), num(p.scoredRate), '–', '–', ms(p.e2eP50), ms(p.e2eP99)]);
  }
  return rows;
}

const HEAD = ['Measurement', 'events', 'events/s', 'ack p50 ms', 'ack p99 ms', 'scored p50 ms', 'scored p99 ms'];

export function ratios(r) {
  const byKey = Object.fromEntries(r.phases.map((p) => [p.key, p]));
  const out = [];
  const add = (label, value, base) => out.push({ label, value: value && base ? value / base : null });
  if (byKey.batched) {
    add('batched ingest → scored / raw combined ceiling', byKey.batched.scoredRate, r.raw.combinedRate);
    add('batched ingest acknowledged / raw PG-only ceiling', byKey.batched.ackRate, r.raw.pgRate);
  }
  for (const key of ['single', 'single8']) {
    if (byKey[key]) add(`${byKey[key].title.toLowerCase()} ingest → scored / raw combined ceiling`, byKey[key].scoredRate, r.raw.combinedRate);
  }
  return out;
}

function targets(r) {
  const byKey = Object.fromEntries(r.phases.map((p) => [p.key, p]));
  const batchedRatio = byKey.batched && r.raw.combinedRate ? byKey.batched.scoredRate / r.raw.combinedRate : null;
  const singleP99 = byKey.single?.ackP99 ?? null;
  const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met in this run' : 'NOT met in this run');
  return [
    ['batched ingest → scored ≥ 50 % of the raw combined ceiling', pct(batchedRatio), verdict(batchedRatio === null ? null : batchedRatio >= 0.5)],
    ['single-event ingest request p99 < 20 ms (sequential)', `${ms(singleP99)} ms`, verdict(singleP99 === null ? null : singleP99 < 20)],
    ['code redemptions ≥ 10,000/s with no double redemption (service path)', r.codes ? `${Math.round(r.codes.service.redeemedPerSec)}/s, ${r.codes.check.doubles} doubles` : '–', verdict(r.codes ? r.codes.service.redeemedPerSec >= 10_000 && r.codes.check.doubles === 0 : null)],
    ['purchase-gate checks ≥ 20,000/s (open purchase, over HTTP)', r.gate ? `${Math.round(r.gate.openRate)}/s` : '–', verdict(r.gate ? r.gate.openRate >= 20_000 : null)],
  ];
}

function plainTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function mdTable(head, rows) {
  const align = head.map((_, i) => (i === 0 ? ':---' : '---:'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function stageRows(r) {
  return r.phases.map((p) => [p.title, num(p.n), sec(p.stages.acked), sec(p.stages.routed), sec(p.stages.recorded), sec(p.stages.credited), p.complete ? 'yes' : `NO (${p.scored}/${p.n})`]);
}
const STAGE_HEAD = ['Phase', 'events', 'all acked s', 'all routed s', 'all recorded s', 'all credited s', 'complete'];

function cpuRows(r) {
  const names = ['campaign-api', 'worker', 'scoring', 'postgres', 'redis'];
  return r.phases.map((p) => [p.title, sec(p.wallMs), ...names.map((n) => (p.cpu?.[n] === undefined ? '–' : `${(p.cpu[n] / (p.wallMs / 1000)).toFixed(2)}`))]);
}
const CPU_HEAD = ['Phase', 'wall s', 'campaign-api', 'worker', 'scoring', 'postgres (all)', 'redis'];

/** Per system phase: the biggest step in the stage timeline and the busiest process (a heuristic). */
export function observations(r) {
  return r.phases.map((p) => {
    const s = p.stages;
    const steps = [
      ['ingest (campaign-api)', s.acked],
      ['routing (worker)', s.routed - s.acked],
      ['spread recording (scoring)', s.recorded - s.routed],
      ['crediting (scoring → Redis)', s.credited - s.recorded],
    ].filter(([, v]) => typeof v === 'number' && !Number.isNaN(v));
    const [stage, stepMs] = steps.reduce((a, b) => (b[1] > a[1] ? b : a), ['–', -1]);
    const busiest = p.cpu ? Object.entries(p.cpu).reduce((a, b) => (b[1] > a[1] ? b : a)) : null;
    const total = p.cpu ? Object.values(p.cpu).reduce((a, b) => a + b, 0) / (p.wallMs / 1000) : null;
    const cpu = busiest ? `; busiest process: ${busiest[0]} (${(busiest[1] / (p.wallMs / 1000)).toFixed(2)} cores), all measured processes ${total.toFixed(2)} cores` : '';
    return `${p.title}: largest step in the timeline is ${stage} (+${sec(stepMs)} s)${cpu}`;
  });
}

const PRIZE_HEAD = ['Measurement', 'claims', 'awarded', 'claims/s', 'awards/s while stock lasted', 'awards/s range', 'award p50 ms', 'award p99 ms', 'refusal p50 ms', 'refusal p99 ms'];

function prizeRows(pc) {
  return [pc.ledger, pc.raw].map((m) => [
    m.title, num(m.attempts), num(m.awarded), num(m.attemptsPerSec), num(m.awardsPerSec), `${num(m.awardsPerSecMin)}–${num(m.awardsPerSecMax)}`,
    ms(m.wonP50), ms(m.wonP99), ms(m.refusedP50), ms(m.refusedP99),
  ]);
}

const prizeRatio = (pc) => `${pct(pc.ratio)} (rounds: ${pct(pc.ratioMin)}–${pct(pc.ratioMax)})`;

/** Phase (d) on the console. */
export function printPrizeClaims(pc) {
  console.log(`\nPrize claims under contention (${num(pc.attempts)} claims on ${num(pc.stock)} units, ${pc.concurrency} claimers, ${pc.connections} connections, median of ${pc.rounds} rounds):`);
  console.log(plainTable(PRIZE_HEAD, prizeRows(pc)));
  console.log(`  ledger awards/s / raw awards/s: ${prizeRatio(pc)}; checked after: ${num(pc.check.given)} given of ${num(pc.check.stock)}, spent ${num(pc.check.spentMinor)} of a ${num(pc.check.budgetMinor)} budget, one per person`);
}

/** Phase (d) as a section of docs/BENCHMARKS.md. */
export function prizeClaimsMarkdown(pc) {
  return `## Prize claims under contention

${num(pc.attempts)} claims race for the ${num(pc.stock)} units of one prize pool (per-participant limit 1, every claim by another
participant; a campaign budget of exactly the pool's worth, so stock and budget run out together). Each claim is
\`Ledger.award\` in its own transaction, ${pc.concurrency} claimers in flight over ${pc.connections} PostgreSQL connections, run in the
benchmark process against \`dist/\`: source-key and participant advisory locks, then one statement that takes the unit,
the amount and writes the entry and its history. The raw line is the same race on a bare one-row
\`UPDATE … SET used = used + 1 WHERE used < total\` in a transaction: the ceiling of any hot counter on this machine.
The two races alternate for ${pc.rounds} round(s) (fresh pool each time, 100 claims of warm-up first); each figure is the median over the rounds,
"range" the slowest and fastest round.

${mdTable(PRIZE_HEAD, prizeRows(pc))}

- ledger awards/s / raw awards/s, median of the rounds: **${prizeRatio(pc)}**
- checked after the last ledger race: ${num(pc.check.given)} given of ${num(pc.check.stock)} units, ${num(pc.check.spentMinor)} spent of a ${num(pc.check.budgetMinor)} budget,
  pool and budget counters equal to the entries, one unit per person (the run fails otherwise).
- "awards/s while stock lasted" is units given / time until the last unit went: the rate of the contended part.
  Refusals after the pool is empty are cheap (the conditional UPDATE matches nothing and takes no lock).
`;
}

export function printReport(r) {
  console.log(`\nCanyu benchmark — ${r.mode} mode — ${r.date}`);
  console.log(`${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB.toFixed(1)} GiB, Node ${r.machine.node}, Redis ${r.machine.redis}`);
  console.log(`${r.machine.postgres}\n`);
  console.log(plainTable(HEAD, tableRows(r)));
  console.log('\nStage timeline (seconds from the first request until every event of the phase passed the stage):');
  console.log(plainTable(STAGE_HEAD, stageRows(r)));
  console.log('\nCPU used during each phase (cores busy on average):');
  console.log(plainTable(CPU_HEAD, cpuRows(r)));
  console.log('\nWhere the time went (generated):');
  for (const line of observations(r)) console.log(`  ${line}`);
  console.log('\nRatios:');
  for (const x of ratios(r)) console.log(`  ${x.label}: ${pct(x.value)}`);
  console.log('\nTargets (goals, not claims):');
  for (const [what, value, verdict] of targets(r)) console.log(`  ${what}: ${value} — ${verdict}`);
  if (r.prizeClaims) printPrizeClaims(r.prizeClaims);
  if (r.votes) printVotes(r.votes, r.raw);
  if (r.loudness) printLoudness(r.loudness);
}

export function writeDocs(path, r) {
  const m = r.machine;
  const c = r.config;
  const text = `# Benchmarks

Generated by \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\` on ${r.date} (**${r.mode} mode**). Numbers are from
one run on the machine below; rerun on yours before relying on them.

## Machine

| | |
| :--- | :--- |
| CPU | ${m.cpu} |
| cores | ${m.cores} |
| memory | ${m.memoryGiB.toFixed(1)} GiB |
| OS | ${m.os} |
| Node | ${m.node} |
| PostgreSQL | ${m.postgres} |
| Redis | ${m.redis} |

Everything (PostgreSQL, Redis, the three apps and the load generator) ran on this one machine.

## Setup of this run

- Raw ceiling: ${num(r.raw.n)} event-shaped rows into a scratch table \`bench_raw_event\` (the event columns of
  \`inbound_event\`, without the routing results; jsonb data, unique \`(workspace_id, idempotency_key)\`), ${num(c.rawBatch)} rows per statement,
  \`ON CONFLICT DO NOTHING\`, ${c.concurrency} connection(s) in parallel; then one \`ZINCRBY\` + one \`PFADD\` per event,
  pipelined ${num(c.rawBatch)} events per round trip on one connection.
- System: campaign-api, worker and scoring as separate Node processes from \`dist/\` (\`LOG_LEVEL=warn\`,
  \`WORKER_CONCURRENCY=${c.workerConcurrency}\`, \`SWEEP_INTERVAL_MS=${c.sweepMs}\`, default DB pool of 20 per app), database
  \`${c.database}\`, queue prefix \`${c.queuePrefix}\`.
- Workload: a live campaign with a social-post node; one purchase → invitation → one accepted post (the root);
  then reposts, each by a fan, each naming a parent post that is the root or an earlier repost of the same phase
  (fan-out ${c.fanout}, so some arrive before their parent and wait for it). An event counts as **scored** when its
  \`spread_event\` row is \`counted\` and \`credited_at\` is set (leaderboard and reach updated in Redis).
- Batched: \`POST /v1/events\` with \`{events: [...]}\` of ${num(c.batchSize)}, ${c.concurrency} request(s) in flight.
  Single: one event per request, sequential, then ${c.singleConcurrency} in flight. A ${num(c.warmup)}-event batched warm-up
  and 50 single events (4 in flight) ran first and are not counted. Each phase waits until its events are scored
  (at most 30 s in quick mode, 300 s in full mode; then it is reported incomplete) before the next starts.

## Results

${mdTable(HEAD, tableRows(r))}

"ack" is the latency of the ingest request (its 202 comes after the Postgres commit and the enqueue);
"scored" is per event, from the start of its request to its \`credited_at\`. events/s for "ingest → scored" is
events / (last \`credited_at\` − first request sent).

### Ratios

${ratios(r).map((x) => `- ${x.label}: **${pct(x.value)}**`).join('\n')}

### Targets (goals, not claims)

${mdTable(['Target', 'this run', 'verdict'], targets(r))}

### Stage timeline

Seconds from a phase's first request until every event of the phase had passed the stage: acknowledged by
campaign-api, routed by the worker (\`inbound_event.processed_at\`), recorded by scoring (\`spread_event.recorded_at\`),
credited in Redis (\`credited_at\`).

${mdTable(STAGE_HEAD, stageRows(r))}

### CPU per process

Average cores busy during each phase (CPU seconds / wall seconds, from \`/proc\`). "postgres (all)" sums every
postgres process on the machine, so other activity on the machine shows up there too.

${mdTable(CPU_HEAD, cpuRows(r))}

### Where the time went

Generated from the two tables above: the stage that added the most time after the previous one finished, and
the busiest process. A heuristic pointer, not a profile.

${observations(r).map((line) => `- ${line}`).join('\n')}

${r.prizeClaims ? prizeClaimsMarkdown(r.prizeClaims) : ''}
${r.votes ? votesMarkdown(r.votes, r.raw) : ''}
${r.codes ? codesMarkdown(r.codes) : ''}
${r.gate ? gateMarkdown(r.gate) : ''}
## How to run

\`\`\`sh
npm run bench              # full mode: ${r.fullSizes}
npm run bench -- --quick   # quick mode (or BENCH_QUICK=1): small N, under a minute
npm run bench -- --only=loudness   # the loudness analyser alone (no services); rewrites only its section
\`\`\`

It installs dependencies and starts PostgreSQL/Redis when needed (like \`npm test\`), builds \`dist/\` without
type-checking, recreates the schema of its own database \`canyu_bench\` (override with \`BENCH_DATABASE_URL\`),
runs the migrations, creates a workspace, starts the three apps on ports ${c.apiPort}/${c.scoringPort} with queue prefix
\`${c.queuePrefix}\`, runs the phases, stops the apps and deletes its Redis keys. \`REDIS_URL\` picks the Redis server.
Sizes can be changed with \`BENCH_BATCHED_N\`, \`BENCH_SINGLE_N\`, \`BENCH_BATCH_SIZE\` and \`BENCH_CONCURRENCY\`
(prize claims: \`BENCH_PRIZE_STOCK\`, \`BENCH_PRIZE_CLAIMS\`, \`BENCH_PRIZE_CLAIMERS\`; votes: \`BENCH_VOTES\`).
\`--no-docs\` skips writing this file. \`--only=prize-claims\` runs only the prize-claim race (no apps; it prints its
section of this file instead of writing it).

## How to read

- The **raw ceiling** is what PostgreSQL and Redis on this machine do for the bare minimum of work per event
  (one row written in a batch, two Redis commands), with no application in between. The combined figure adds the two
  times per event, as if one process did both in turn. The system cannot beat it; the ratio says how much of the
  hardware the pipeline turns into scored events.
- The system does much more per event than the ceiling: the ingest statement (participant upsert + event insert),
  a BullMQ routing job per request (one per event for single requests), node matching, a scoring job per batch of
  spread events, a scoring transaction under advisory locks, a guarded Lua credit in Redis and an \`UPDATE … credited_at\`. A ratio far below 100 % is expected;
  the stage timeline and CPU table show where the time goes: the stage whose "all … s" jumps the most, and the
  process with the most busy cores, is the one limiting throughput.
- "ack" latencies measure what an integrating shop sees; "scored" latencies include queueing behind the backlog,
  so for batched runs they grow with N and mostly show how long the backlog takes to drain.
- In the sequential single phase the client waits for each acknowledgement before sending the next event, so
  ingest paces that phase by construction; its "where the time went" line says little about the pipeline.
- On ${m.cores} cores the load generator, PostgreSQL, Redis and three Node processes share the CPU; numbers from a bigger
  machine, or with the services elsewhere, are not comparable.
${r.loudness ? `\n${loudnessMarkdown(r.loudness)}` : ''}`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
