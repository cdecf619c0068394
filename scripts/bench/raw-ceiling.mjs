// Phase (a): the raw ceiling of PostgreSQL and Redis on the same kind of data, with no
// application in between. Runs before the apps start so it has the machine to itself.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import Redis from 'ioredis';
import { rate } from './report.mjs';

const CHANNELS = ['wechat', 'qq_zone', 'weibo', 'forum'];
const COLS = 9;

const TABLE = `CREATE TABLE bench_raw_event (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  workspace_id uuid NOT NULL,
  idempotency_key text NOT NULL,
  type text NOT NULL,
  participant_id uuid NOT NULL,
  channel text,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL DEFAULT '{}',
  correlation_id text,
  enqueued_at timestamptz,
  processed_at timestamptz,
  addressed_activity_id uuid,
  CONSTRAINT uq_bench_raw_event UNIQUE (workspace_id, idempotency_key)
)`;

function makeEvents(n, prefix) {
  const participants = Array.from({ length: Math.min(n, 5000) }, () => randomUUID());
  const occurredAt = new Date(Date.now() - 1000);
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return {
      key: `${prefix}-${i}`,
      participant: participants[i % participants.length],
      channel: CHANNELS[i % CHANNELS.length],
      occurredAt,
      data: { postId: `${prefix}-${i}`, parentPostId: `${prefix}-${Math.floor((i - 1) / 8)}` },
      weight: 0.8 ** (1 + (i % 4)),
    };
  });
}

// Same statement shape as the ingest path: one multi-row INSERT per batch, $n placeholders.
function insertStatement(workspaceId, rows) {
  const values = [];
  const tuples = rows.map((e, i) => {
    values.push(workspaceId, e.key, 'repost', e.participant, e.channel, e.occurredAt, JSON.stringify(e.data), null, null);
    const p = Array.from({ length: COLS }, (_, c) => `$${i * COLS + c + 1}`);
    return `(${p[0]}, ${p[1]}, ${p[2]}, ${p[3]}, ${p[4]}, ${p[5]}, ${p[6]}::jsonb, ${p[7]}, ${p[8]}::uuid)`;
  });
  const text = `INSERT INTO bench_raw_event (workspace_id, idempotency_key, type, participant_id, channel, occurred_at, data, correlation_id, addressed_activity_id)
    VALUES ${tuples.join(', ')} ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id`;
  return { text, values };
}

async function timePostgres(pool, workspaceId, events, batch, concurrency) {
  let next = 0;
  let inserted = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < events.length) {
      const slice = events.slice(next, next + batch);
      next += batch;
      const { rowCount } = await pool.query(insertStatement(workspaceId, slice));
      inserted += rowCount; // not `inserted += await …`: that reads `inserted` before the await
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, inserted };
}

async function timeRedis(redis, keys, events, batch) {
  const started = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const pipeline = redis.pipeline();
    for (const e of events.slice(i, i + batch)) {
      pipeline.zincrby(keys.board, e.weight, e.participant);
      pipeline.pfadd(keys.reach, e.participant);
    }
    const results = await pipeline.exec();
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }
  return performance.now() - started;
}

/** Measures events/s for PG-only, Redis-only and the combined ceiling. Leaves nothing behind. */
export async function rawCeiling({ dbUrl, redisUrl, n, batch, concurrency, log }) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: concurrency });
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const keys = { board: `bench:raw:{${process.pid}}:board`, reach: `bench:raw:{${process.pid}}:reach` };
  try {
    await redis.connect();
    await pool.query('DROP TABLE IF EXISTS bench_raw_event');
    await pool.query(TABLE);
    const workspaceId = randomUUID();

    // Warm-up (not timed): connections, plan cache, the first pages of the table and index.
    const warm = makeEvents(Math.min(batch, n), 'warm');
    await timePostgres(pool, workspaceId, warm, batch, 1);
    await timeRedis(redis, { board: `${keys.board}:warm`, reach: `${keys.reach}:warm` }, warm, batch);

    const events = makeEvents(n, 'raw');
    log(`raw PostgreSQL: ${n.toLocaleString('en-US')} rows, ${batch} per INSERT, ${concurrency} connection(s)…`);
    const pgRun = await timePostgres(pool, workspaceId, events, batch, concurrency);
    if (pgRun.inserted !== n) throw new Error(`raw PostgreSQL inserted ${pgRun.inserted} of ${n} rows`);
    // Replaying the same rows must insert nothing (the unique index is really there).
    const replay = await pool.query(insertStatement(workspaceId, events.slice(0, Math.min(batch, n))));
    if (replay.rowCount !== 0) throw new Error('raw PostgreSQL: replay inserted rows; the unique index is missing');

    log(`raw Redis: ${n.toLocaleString('en-US')} × (ZINCRBY + PFADD), ${batch} events per pipeline…`);
    const redisMs = await timeRedis(redis, keys, events, batch);
    const members = await redis.zcard(keys.board);

    const pgRate = rate(n, pgRun.ms);
    const redisRate = rate(n, redisMs);
    return {
      n,
      batch,
      concurrency,
      pgMs: pgRun.ms,
      redisMs,
      pgRate,
      redisRate,
      combinedRate: 1 / (1 / pgRate + 1 / redisRate),
      members,
    };
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_raw_event').catch(() => {});
    await pool.end().catch(() => {});
    if (redis.status === 'ready') {
      await redis.del(keys.board, keys.reach, `${keys.board}:warm`, `${keys.reach}:warm`).catch(() => {});
      await redis.quit().catch(() => {});
    } else {
      redis.disconnect();
    }
  }
}
