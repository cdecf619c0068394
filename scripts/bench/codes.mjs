// Phase (g): invite codes. Bulk generation of N codes through the real CodeIssuer (one
// transaction: CSPRNG, keyed hashes, one INSERT … SELECT unnest with history rows), then a
// redemption storm through CodeRedemptions (the service path: check symbol, HMAC, group commit)
// with every code asked for twice at once, beside the raw ceiling of the same run: a bare
// single-row conditional UPDATE per redemption on a table of the same hashes. Afterwards the
// database is checked: every code redeemed exactly once, one history row each.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { race } from './prize-claims.mjs';
import { percentile, rate } from './report.mjs';

const RAW_TABLE = `CREATE TABLE bench_raw_code (id bigserial PRIMARY KEY, workspace_id uuid NOT NULL, code_hash text NOT NULL,
  state text NOT NULL DEFAULT 'issued', redeemed_by text, redeemed_at timestamptz, UNIQUE (workspace_id, code_hash))`;

const summary = (title, { results, wallMs }) => ({
  title,
  attempts: results.length,
  redeemed: results.filter((r) => r.won).length,
  attemptsPerSec: rate(results.length, wallMs),
  redeemedPerSec: rate(results.filter((r) => r.won).length, wallMs),
  p50: percentile(results.map((r) => r.ms), 0.5),
  p99: percentile(results.map((r) => r.ms), 0.99),
  wallMs,
});

export async function codeBench({ root, dbUrl, codes, concurrency, connections, log }) {
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions, CodePoolEntity } = require(`${root}dist/libs/persistence/src/index.js`);
  const { AttemptLog, CodeHasher, CodeIssuer, CodeRedemptions } = require(`${root}dist/libs/codes/src/index.js`);
  const ds = new DataSource(dataSourceOptions(dbUrl, connections));
  await ds.initialize();
  const hasher = new CodeHasher({ CODE_HASH_KEY: process.env.CODE_HASH_KEY || randomBytes(32).toString('hex') });
  try {
    const [{ id: workspaceId }] = await ds.query(`INSERT INTO workspace (name, slug) VALUES ('Bench codes', 'bench-codes-' || gen_random_uuid()) RETURNING id`);
    const [{ id: campaignId }] = await ds.query(`INSERT INTO campaign (workspace_id, name, timezone, version) VALUES ($1, 'codes', 'Asia/Shanghai', 1) RETURNING id`, [workspaceId]);
    const repo = ds.getRepository(CodePoolEntity);
    const pool = await repo.save(repo.create({ workspaceId, campaignId, name: 'bench', holdSeconds: 900 }));
    const warm = await repo.save(repo.create({ workspaceId, campaignId, name: 'warm-up', holdSeconds: 900 }));
    const issuer = new CodeIssuer(hasher);
    const redemptions = new CodeRedemptions(ds, hasher, new AttemptLog(ds));

    // Warm-up (not timed): plans, connections, JIT.
    const warmCodes = (await ds.transaction((tx) => issuer.generate(tx, warm, 2000, null))).codes;
    await race(warmCodes.length, concurrency, async (i) => (await redemptions.redeem({ workspaceId, campaignId, participantId: `w${i}`, code: warmCodes[i] })).ok);

    log(`generating ${codes.toLocaleString('en-US')} codes…`);
    const g0 = performance.now();
    const { codes: plain } = await ds.transaction((tx) => issuer.generate(tx, pool, codes, null));
    const generateMs = performance.now() - g0;
    log(`generated in ${(generateMs / 1000).toFixed(2)} s`);

    // Each code asked for twice, by two people, in a shuffled order: one of them wins.
    const asks = plain.flatMap((code, i) => [{ code, who: `fan-${i}` }, { code, who: `rival-${i}` }]);
    for (let i = asks.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [asks[i], asks[j]] = [asks[j], asks[i]];
    }
    log(`redemption storm: ${asks.length.toLocaleString('en-US')} attempts on ${codes.toLocaleString('en-US')} codes, ${concurrency} in flight…`);
    const service = summary('CodeRedemptions (group commit)', await race(asks.length, concurrency, async (i) => (await redemptions.redeem({ workspaceId, campaignId, participantId: asks[i].who, code: asks[i].code })).ok));
    await redemptions.attempts.flush();
    const check = await verify(ds, pool.id, codes, service.redeemed);

    // The raw ceiling of the same run: the same hashes, a single-row conditional UPDATE each.
    const raw = await rawStorm({ dbUrl, workspaceId, hashes: plain.map((c) => hasher.hash(c)), asks: asks.map((a) => ({ hash: hasher.hash(a.code), who: a.who })), concurrency, connections });
    return { codes, generateMs, service, raw, check, ratio: service.redeemedPerSec / raw.redeemedPerSec, concurrency, connections };
  } finally {
    await ds.destroy();
  }
}

/** Every code redeemed exactly once, one history row each, and as many as the storm saw win; throws otherwise. */
async function verify(ds, poolId, codes, won) {
  const [c] = await ds.query(`SELECT count(*) FILTER (WHERE state = 'redeemed')::int AS redeemed, count(*)::int AS total FROM invite_code WHERE pool_id = $1`, [poolId]);
  const [h] = await ds.query(
    `SELECT count(*)::int AS rows, count(DISTINCT code_id)::int AS codes FROM code_event WHERE pool_id = $1 AND kind = 'redeemed'`,
    [poolId],
  );
  const problems = [];
  if (c.total !== codes) problems.push(`${c.total} codes stored, ${codes} generated`);
  if (c.redeemed !== won || won !== codes) problems.push(`${c.redeemed} redeemed in the table, ${won} successes seen, ${codes} codes`);
  if (h.rows !== h.codes || h.rows !== codes) problems.push(`${h.rows} redemption history rows for ${h.codes} codes`);
  if (problems.length) throw new Error(`double or lost redemptions: ${problems.join('; ')}`);
  return { redeemed: c.redeemed, doubles: h.rows - h.codes };
}

async function rawStorm({ dbUrl, workspaceId, hashes, asks, concurrency, connections }) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: connections });
  try {
    await pool.query('DROP TABLE IF EXISTS bench_raw_code');
    await pool.query(RAW_TABLE);
    await pool.query(`INSERT INTO bench_raw_code (workspace_id, code_hash) SELECT $1, h FROM unnest($2::text[]) h`, [workspaceId, hashes]);
    const sql = `UPDATE bench_raw_code SET state = 'redeemed', redeemed_by = $3, redeemed_at = now() WHERE workspace_id = $1 AND code_hash = $2 AND state = 'issued' RETURNING id`;
    const run = summary('bare single-row UPDATE', await race(asks.length, concurrency, async (i) => (await pool.query(sql, [workspaceId, asks[i].hash, asks[i].who])).rowCount === 1));
    if (run.redeemed !== hashes.length) throw new Error(`raw ceiling redeemed ${run.redeemed} of ${hashes.length}`);
    return run;
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_raw_code').catch(() => {});
    await pool.end();
  }
}

const fmt = (v, d = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));

function rows(r) {
  return [r.service, r.raw].map((s) => [s.title, fmt(s.attempts), fmt(s.redeemed), fmt(s.attemptsPerSec), fmt(s.redeemedPerSec), fmt(s.p50, 1), fmt(s.p99, 1)]);
}
const HEAD = ['path', 'attempts', 'redeemed', 'attempts/s', 'redemptions/s', 'p50 ms', 'p99 ms'];

export function printCodes(r) {
  console.log(`\nInvite codes: generated ${fmt(r.codes)} in ${fmt(r.generateMs / 1000, 2)} s; storm with ${r.concurrency} in flight, ${r.connections} connections`);
  for (const row of [HEAD, ...rows(r)]) console.log(row.map((c, i) => (i === 0 ? c.padEnd(32) : c.padStart(13))).join(''));
  console.log(`service / raw ceiling: ${fmt(r.ratio * 100)} %; double redemptions (from the DB): ${r.check.doubles}`);
}

export function codesMarkdown(r) {
  const table = [HEAD, HEAD.map(() => '---'), ...rows(r)].map((row) => `| ${row.join(' | ')} |`).join('\n');
  return `## Invite codes

Bulk generation of **${fmt(r.codes)} codes in ${fmt(r.generateMs / 1000, 2)} s** (CodeIssuer in one transaction: CSPRNG, HMAC-SHA256 per code,
one \`INSERT … SELECT unnest\` with an \`issued\` history row each). Redemption storm: every code asked for twice at once
by two people (${fmt(r.codes * 2)} attempts, ${r.concurrency} in flight, ${r.connections} connections), through \`CodeRedemptions\`
(check symbol, keyed hash, group commit: concurrent requests coalesced into one conditional \`UPDATE … FROM unnest\` with
its history rows) and, in the same run, a bare single-row conditional UPDATE per attempt on a table of the same hashes:

${table}

The service path runs at **${fmt(r.ratio * 100)} %** of the single-row ceiling. Checked from the database afterwards:
${fmt(r.check.redeemed)} codes redeemed, **${r.check.doubles} double redemptions** (one \`redeemed\` history row per code).
`;
}
