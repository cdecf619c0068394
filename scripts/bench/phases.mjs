// Phases (b) and (c): repost events through POST /v1/events, batched or one per request,
// then wait (bounded) until every event of the phase is scored, with progress output.
import { percentile, rate } from './report.mjs';
import { assertAlive, cpuDelta, cpuTicks, request } from './system.mjs';

const CHANNELS = ['wechat', 'qq_zone', 'weibo', 'forum'];
export const FANOUT = 8;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reposts prefix-1..prefix-n: each names the root or an earlier repost of the same phase as parent. */
export function reposts(prefix, n, rootRef) {
  const occurredAt = new Date(Date.now() - 1000).toISOString();
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const parent = i <= FANOUT ? rootRef : `${prefix}-${Math.floor((i - 1) / FANOUT)}`;
    return {
      type: 'repost',
      participantId: `fan-${i % 5000}`,
      occurredAt,
      idempotencyKey: `${prefix}-${i}`,
      channel: CHANNELS[i % CHANNELS.length],
      data: { postId: `${prefix}-${i}`, parentPostId: parent },
    };
  });
}

async function counts(ctx, prefix) {
  const like = `${prefix}-%`;
  const [spread, routed] = await Promise.all([
    ctx.db.query(
      `SELECT count(*) FILTER (WHERE status = 'counted' AND credited_at IS NOT NULL)::int AS scored,
              count(*) FILTER (WHERE status = 'pending_parent')::int AS waiting,
              count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
              count(*)::int AS recorded
       FROM spread_event WHERE workspace_id = $1 AND post_ref LIKE $2`,
      [ctx.workspaceId, like],
    ),
    ctx.db.query(
      `SELECT count(*) FILTER (WHERE processed_at IS NOT NULL)::int AS routed, count(*)::int AS stored
       FROM inbound_event WHERE workspace_id = $1 AND idempotency_key LIKE $2`,
      [ctx.workspaceId, like],
    ),
  ]);
  return { ...spread.rows[0], ...routed.rows[0] };
}

async function queueDepth(ctx) {
  const p = ctx.queuePrefix;
  const [events, mechanics, scoring] = await Promise.all(['events', 'mechanics', 'scoring'].map((q) => ctx.redis.llen(`${p}:${q}:wait`)));
  return { events, mechanics, scoring };
}

/**
 * Sends `requests` ({ body, refs }) with `concurrency` in flight, then waits until all `n`
 * events are scored or `drainMs` passes. Returns the measurements of the phase.
 */
async function runPhase(ctx, { key, title, prefix, requests, n, concurrency, drainMs }) {
  const { apps, log } = ctx;
  const sentAt = new Map();
  const ackLatencies = [];
  let acked = 0;
  let next = 0;
  let lastAck = 0;
  let latest = { scored: 0 };
  const started = Date.now();
  const cpuBefore = cpuTicks(apps);

  const progress = async () => {
    latest = await counts(ctx, prefix);
    const q = await queueDepth(ctx);
    const secs = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    log(
      `[${key}] ${secs}s acked ${acked}/${n} routed ${latest.routed} recorded ${latest.recorded} (waiting for parent ${latest.waiting}) ` +
        `scored ${latest.scored}${latest.rejected ? ` rejected ${latest.rejected}` : ''} | queued: events ${q.events}, scoring ${q.scoring}`,
    );
  };
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    progress()
      .catch((err) => log(`[${key}] progress query failed: ${err.message}`))
      .finally(() => (ticking = false));
  }, ctx.progressMs);

  try {
    const sender = async () => {
      while (next < requests.length) {
        const req = requests[next++];
        const t0 = Date.now();
        const h0 = performance.now();
        for (const ref of req.refs) sentAt.set(ref, t0);
        const res = await request(ctx.apiPort, 'POST', '/v1/events', { key: ctx.key, body: req.body });
        ackLatencies.push(performance.now() - h0);
        if (res.status !== 202 || res.body.accepted !== req.refs.length) {
          throw new Error(`POST /v1/events → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
        }
        acked += req.refs.length;
        lastAck = Date.now();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));

    const until = Date.now() + drainMs;
    while (Date.now() < until) {
      assertAlive(apps);
      latest = await counts(ctx, prefix);
      if (latest.scored + latest.rejected >= n) break;
      await sleep(200);
    }
  } finally {
    clearInterval(timer);
    while (ticking) await sleep(20);
  }
  const cpuAfter = cpuTicks(apps);

  const { rows } = await ctx.db.query(
    `SELECT post_ref, recorded_at, credited_at FROM spread_event
     WHERE workspace_id = $1 AND post_ref LIKE $2 AND status = 'counted' AND credited_at IS NOT NULL`,
    [ctx.workspaceId, `${prefix}-%`],
  );
  const routed = await ctx.db.query(`SELECT max(processed_at) AS at FROM inbound_event WHERE workspace_id = $1 AND idempotency_key LIKE $2`, [
    ctx.workspaceId,
    `${prefix}-%`,
  ]);
  const maxOf = (dates) => dates.reduce((m, d) => Math.max(m, d.getTime()), 0);
  const lastCredited = maxOf(rows.map((r) => r.credited_at));
  const e2e = rows.map((r) => r.credited_at.getTime() - sentAt.get(r.post_ref));
  const complete = rows.length >= n;
  const wallMs = (complete ? lastCredited : Date.now()) - started;
  const result = {
    key,
    title,
    n,
    requests: requests.length,
    concurrency,
    scored: rows.length,
    rejected: latest.rejected ?? 0,
    waiting: latest.waiting ?? 0,
    complete,
    ackRate: rate(n, lastAck - started),
    scoredRate: complete ? rate(n, lastCredited - started) : null,
    ackP50: percentile(ackLatencies, 0.5),
    ackP99: percentile(ackLatencies, 0.99),
    e2eP50: percentile(e2e, 0.5),
    e2eP99: percentile(e2e, 0.99),
    stages: {
      acked: lastAck - started,
      routed: routed.rows[0].at && complete ? routed.rows[0].at.getTime() - started : null,
      recorded: complete ? maxOf(rows.map((r) => r.recorded_at)) - started : null,
      credited: complete ? lastCredited - started : null,
    },
    wallMs: Math.max(wallMs, 1),
    cpu: cpuDelta(cpuBefore, cpuAfter),
  };
  if (!complete) {
    log(`[${key}] INCOMPLETE: ${rows.length}/${n} scored after the ${drainMs / 1000}s drain limit (rejected ${result.rejected}, waiting ${result.waiting})`);
  } else {
    log(`[${key}] done: ${n} events scored in ${(result.stages.credited / 1000).toFixed(2)} s`);
  }
  return result;
}

/** Phase (b): `{events: [...]}` requests of `batchSize`. */
export function runBatched(ctx, { key = 'batched', title = 'Batched', prefix, n, batchSize, concurrency, drainMs }) {
  const events = reposts(prefix, n, ctx.rootRef);
  const requests = [];
  for (let i = 0; i < events.length; i += batchSize) {
    const slice = events.slice(i, i + batchSize);
    requests.push({ body: JSON.stringify({ events: slice }), refs: slice.map((e) => e.data.postId) });
  }
  return runPhase(ctx, { key, title, prefix, requests, n, concurrency, drainMs });
}

/** Phase (c): one event per request, `concurrency` in flight (1 = sequential). */
export function runSingle(ctx, { key, title, prefix, n, concurrency, drainMs }) {
  const requests = reposts(prefix, n, ctx.rootRef).map((e) => ({ body: JSON.stringify(e), refs: [e.data.postId] }));
  return runPhase(ctx, { key, title, prefix, requests, n, concurrency, drainMs });
}
