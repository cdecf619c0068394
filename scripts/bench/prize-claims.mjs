// Phase (d): prize claims under contention. N claimers race for S units of one pool through
// the real Ledger (compiled, in this process, each claim its own transaction), then the same
// race on a bare conditional UPDATE of one row: the raw PostgreSQL ceiling of a hot counter.
// Afterwards every unit and amount is checked against the entries: nothing given twice or past stock.
import { createRequire } from 'node:module';
import pg from 'pg';
import { percentile, rate } from './report.mjs';

const WARM = { stock: 50, attempts: 100 };
const RAW_TABLE = `CREATE TABLE bench_raw_pool (id int PRIMARY KEY, total int NOT NULL, used int NOT NULL DEFAULT 0, CHECK (used <= total))`;

/** Runs `claim(i)` for i in 0..n-1 with `concurrency` in flight; returns per-claim [ms, won] and the wall clock. */
export async function race(n, concurrency, claim) {
  let next = 0;
  const results = new Array(n);
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      const won = await claim(i);
      const t1 = performance.now();
      results[i] = { ms: t1 - t0, won, at: t1 - started };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results, wallMs: performance.now() - started };
}

function summarise(title, { results, wallMs }, stock) {
  const won = results.filter((r) => r.won);
  const lost = results.filter((r) => !r.won);
  // The contended window: from the start until the last unit went.
  const windowMs = won.length ? Math.max(...won.map((r) => r.at)) : null;
  return {
    title,
    attempts: results.length,
    awarded: won.length,
    stock,
    attemptsPerSec: rate(results.length, wallMs),
    awardsPerSec: windowMs ? rate(won.length, windowMs) : null,
    wonP50: percentile(won.map((r) => r.ms), 0.5),
    wonP99: percentile(won.map((r) => r.ms), 0.99),
    refusedP50: percentile(lost.map((r) => r.ms), 0.5),
    refusedP99: percentile(lost.map((r) => r.ms), 0.99),
  };
}

async function ledgerRace({ root, dbUrl, stock, attempts, concurrency, connections }) {
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(`${root}dist/libs/persistence/src/index.js`);
  const { Ledger } = require(`${root}dist/libs/ledger/src/index.js`);
  const ds = new DataSource(dataSourceOptions(dbUrl, connections));
  await ds.initialize();
  try {
    const [{ id: workspaceId }] = await ds.query(`INSERT INTO workspace (name, slug) VALUES ('Bench ledger', 'bench-ledger-' || gen_random_uuid()) RETURNING id`);
    const [{ id: campaignId }] = await ds.query(`INSERT INTO campaign (workspace_id, name, timezone, version) VALUES ($1, 'prize race', 'Asia/Shanghai', 1) RETURNING id`, [workspaceId]);
    const unit = 1999;
    // A cap of exactly the pool's worth: stock and budget run out together, both are contended.
    await ds.query(`INSERT INTO campaign_budget (campaign_id, workspace_id, currency, total_minor) VALUES ($1, $2, 'CNY', $3)`, [campaignId, workspaceId, stock * unit]);
    const [{ id: poolId }] = await ds.query(
      `INSERT INTO prize_pool (workspace_id, campaign_id, name, stock_total, unit_value_minor, currency, per_participant_limit) VALUES ($1, $2, 'phone', $3, $4, 'CNY', 1) RETURNING id`,
      [workspaceId, campaignId, stock, unit],
    );
    const [{ id: warmPool }] = await ds.query(
      `INSERT INTO prize_pool (workspace_id, campaign_id, name, stock_total, unit_value_minor, currency) VALUES ($1, $2, 'warm-up', $3, 0, 'CNY') RETURNING id`,
      [workspaceId, campaignId, WARM.stock],
    );
    const fans = (await ds.query(`INSERT INTO participant (workspace_id, external_id) SELECT $1, 'claimer-' || g FROM generate_series(1, $2) g RETURNING id`, [workspaceId, attempts])).map((r) => r.id);
    const ledger = new Ledger(ds);
    const ask = (i, pool = poolId, key = 'claim') => ({ workspaceId, campaignId, participantId: fans[i % fans.length], sourceKey: `bench:${key}:${i}`, kind: 'prize', poolId: pool });
    // Warm-up (not timed, not counted): connections, plans, JIT; a pool worth nothing leaves the budget alone.
    await race(WARM.attempts, concurrency, (i) => ds.transaction((tx) => ledger.award(tx, ask(i, warmPool, 'warm'))));
    const run = await race(attempts, concurrency, async (i) => (await ds.transaction((tx) => ledger.award(tx, ask(i)))).status === 'committed');
    const check = await verify(ds, campaignId, poolId, stock, unit);
    return { run, check };
  } finally {
    await ds.destroy();
  }
}

/** Stock and budget against the entries; throws on any overspend. */
async function verify(ds, campaignId, poolId, stock, unit) {
  const [p] = await ds.query(`SELECT stock_total, stock_reserved, stock_committed FROM prize_pool WHERE id = $1`, [poolId]);
  const [b] = await ds.query(`SELECT total_minor, reserved_minor, committed_minor FROM campaign_budget WHERE campaign_id = $1`, [campaignId]);
  const [e] = await ds.query(
    `SELECT count(*)::int AS entries, count(DISTINCT participant_id)::int AS people, coalesce(sum(amount_minor), 0)::bigint AS minor,
            count(DISTINCT source_key)::int AS keys FROM ledger_entry WHERE campaign_id = $1 AND pool_id = $2 AND state = 'committed'`,
    [campaignId, poolId],
  );
  const problems = [];
  if (p.stock_committed !== e.entries || p.stock_reserved !== 0) problems.push(`pool says ${p.stock_committed} given, entries ${e.entries}`);
  if (p.stock_committed > p.stock_total) problems.push(`pool gave ${p.stock_committed} of ${p.stock_total}`);
  if (Number(b.committed_minor) !== Number(e.minor) || Number(b.committed_minor) > Number(b.total_minor)) problems.push(`budget ${b.committed_minor}/${b.total_minor}, entries ${e.minor}`);
  if (e.people !== e.entries) problems.push(`${e.entries} entries for ${e.people} people (limit 1)`);
  if (problems.length) throw new Error(`prize claims overspent: ${problems.join('; ')}`);
  return { given: e.entries, stock, spentMinor: Number(e.minor), budgetMinor: stock * unit };
}

async function rawRace({ dbUrl, stock, attempts, concurrency, connections }) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: connections });
  try {
    await pool.query('DROP TABLE IF EXISTS bench_raw_pool');
    await pool.query(RAW_TABLE);
    await pool.query('INSERT INTO bench_raw_pool (id, total) VALUES (1, $1), (2, $2)', [stock, WARM.stock]);
    const claim = async (id) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rowCount } = await client.query('UPDATE bench_raw_pool SET used = used + 1 WHERE id = $1 AND used < total RETURNING used', [id]);
        await client.query('COMMIT');
        return rowCount === 1;
      } finally {
        client.release();
      }
    };
    await race(WARM.attempts, concurrency, () => claim(2));
    const run = await race(attempts, concurrency, () => claim(1));
    const [{ used }] = (await pool.query('SELECT used FROM bench_raw_pool WHERE id = 1')).rows;
    if (used !== Math.min(stock, attempts)) throw new Error(`raw pool gave ${used} of ${stock}`);
    return run;
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_raw_pool').catch(() => {});
    await pool.end().catch(() => {});
  }
}

const median = (values) => percentile(values.filter((v) => v !== null), 0.5);

/** The median round of each figure, with the spread of awards/s across rounds. */
function combine(rounds) {
  const keys = ['attemptsPerSec', 'awardsPerSec', 'wonP50', 'wonP99', 'refusedP50', 'refusedP99'];
  const out = { ...rounds[0] };
  for (const k of keys) out[k] = median(rounds.map((r) => r[k]));
  const rates = rounds.map((r) => r.awardsPerSec).filter((v) => v !== null);
  out.awardsPerSecMin = Math.min(...rates);
  out.awardsPerSecMax = Math.max(...rates);
  return out;
}

/**
 * Phase (d): `rounds` times the ledger race then the raw one, on the same sizes. Alternating
 * them and taking medians keeps the ratio fair when other work shares the machine.
 */
export async function prizeClaims({ root, dbUrl, stock, attempts, concurrency, connections, rounds, log }) {
  const ledger = [];
  const raw = [];
  const ratios = [];
  let check = null;
  for (let round = 1; round <= rounds; round++) {
    log(`round ${round}/${rounds}: ${attempts.toLocaleString('en-US')} claims on ${stock.toLocaleString('en-US')} units of one pool, ${concurrency} claimers over ${connections} connections, Ledger then raw…`);
    const run = await ledgerRace({ root, dbUrl, stock, attempts, concurrency, connections });
    check = run.check;
    ledger.push(summarise('Ledger.award (pool + budget + entry + history, limit 1)', run.run, stock));
    raw.push(summarise('Raw PG: BEGIN; UPDATE … WHERE used < total; COMMIT', await rawRace({ dbUrl, stock, attempts, concurrency, connections }), stock));
    ratios.push(ledger.at(-1).awardsPerSec / raw.at(-1).awardsPerSec);
  }
  return { stock, attempts, concurrency, connections, rounds, ledger: combine(ledger), raw: combine(raw), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), check };
}
