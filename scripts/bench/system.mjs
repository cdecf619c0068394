// The system under test: the three apps as child processes, a keep-alive HTTP client for
// 127.0.0.1, the campaign set-up (purchase → invitation → counted root post), CPU sampling.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One HTTP request to 127.0.0.1; `body` may be an object or an already serialised string. */
export function request(port, method, path, { body, key, timeoutMs = 30_000 } = {}) {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers = { accept: 'application/json' };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  if (key) headers.authorization = `Bearer ${key}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = text;
        try {
          json = JSON.parse(text);
        } catch {
          /* keep the text */
        }
        resolve({ status: res.statusCode, body: json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Like request, but throws unless the status is the expected one. */
export async function expectStatus(status, port, method, path, options) {
  const res = await request(port, method, path, options);
  if (res.status !== status) throw new Error(`${method} ${path} → ${res.status} (expected ${status}): ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body;
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.on('connect', () => (socket.destroy(), resolve(false)));
    socket.on('timeout', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(true));
  });
}

/** Starts the three apps; returns handles with pid, log path and an `exited` flag. */
export function startApps(root, env, logDir) {
  const apps = ['campaign-api', 'worker', 'scoring'];
  return apps.map((name) => {
    const log = `${logDir}/${name}.log`;
    const fd = openSync(log, 'a');
    const child = spawn(process.execPath, [`${root}dist/apps/${name}/src/main.js`], { cwd: root, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const app = { name, child, pid: child.pid, log, exited: null };
    app.done = new Promise((resolve) => child.on('exit', (code, signal) => resolve((app.exited = { code, signal }))));
    return app;
  });
}

export function assertAlive(apps) {
  for (const app of apps) {
    if (app.exited) throw new Error(`${app.name} exited (${JSON.stringify(app.exited)}); last log lines:\n${tail(app.log)}`);
  }
}

export function tail(path, lines = 20) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM each app we started (by its pid), SIGKILL after 5 s. */
export async function stopApps(apps) {
  await Promise.all(
    apps.map(async (app) => {
      if (app.exited) return;
      app.child.kill('SIGTERM');
      const timer = setTimeout(() => app.exited || app.child.kill('SIGKILL'), 5000);
      await app.done;
      clearTimeout(timer);
    }),
  );
  agent.destroy();
}

export async function waitHealthy(port, apps, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  let last = 'no answer';
  while (Date.now() < until) {
    assertAlive(apps);
    try {
      const res = await request(port, 'GET', '/health', { timeoutMs: 3000 });
      if (res.status === 200) return;
      last = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
    } catch (err) {
      last = err.message;
    }
    await sleep(250);
  }
  throw new Error(`port ${port} did not become healthy within ${seconds} s (${last})`);
}

/** Polls `check` (bounded by time) until it returns something truthy. */
export async function waitUntil(check, what, timeoutMs, apps) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (apps) assertAlive(apps);
    const value = await check();
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Campaign + social-post node, live; one purchase → invitation → one accepted post, which is
 * the root every repost hangs under. Returns the campaign id and the root post id.
 */
export async function setupCampaign({ apiPort, key, db, workspaceId, apps, log }) {
  const campaign = await expectStatus(201, apiPort, 'POST', '/v1/campaigns', { key, body: { name: 'Bench campaign', timezone: 'Asia/Shanghai', startsAt: new Date(Date.now() - 86_400_000).toISOString() } });
  await expectStatus(201, apiPort, 'POST', `/v1/campaigns/${campaign.id}/nodes`, {
    key,
    body: {
      name: 'Post after purchase',
      trigger: { eventType: 'purchase' },
      reentry: 'every_time',
      mechanic: { kind: 'social-post', config: { prompts: ['More egg or more pancake?', 'Which colour did you pick?'], topic: 'XiaomiTuesday', promptsToShow: 1 } },
    },
  });
  for (const status of ['scheduled', 'live']) {
    await expectStatus(200, apiPort, 'POST', `/v1/campaigns/${campaign.id}/status`, { key, body: { status } });
  }
  const occurredAt = () => new Date(Date.now() - 1000).toISOString();
  const purchase = { type: 'purchase', participantId: 'buyer-1', occurredAt: occurredAt(), idempotencyKey: 'setup-purchase', data: { orderId: 'setup-order', sku: 'mi-11', amount: 1999, currency: 'CNY' } };
  await expectStatus(202, apiPort, 'POST', '/v1/events', { key, body: purchase });
  log('waiting for the invitation (worker → mechanic → outreach)…');
  const invitation = await waitUntil(
    async () => (await request(apiPort, 'GET', '/v1/messages?participantId=buyer-1&status=sent', { key })).body.items?.[0],
    'the invitation message',
    60_000,
    apps,
  );
  const rootRef = 'root-post';
  const post = {
    type: 'post',
    participantId: 'buyer-1',
    occurredAt: occurredAt(),
    idempotencyKey: 'setup-post',
    channel: 'weibo',
    data: { postId: rootRef, invitationId: invitation.body.invitationId, text: 'Bought mine! #XiaomiTuesday# more egg please' },
  };
  await expectStatus(202, apiPort, 'POST', '/v1/events', { key, body: post });
  log('waiting for the root post to be scored…');
  await waitUntil(
    async () => {
      const { rows } = await db.query(`SELECT status, reason, credited_at FROM spread_event WHERE workspace_id = $1 AND post_ref = $2`, [workspaceId, rootRef]);
      if (rows[0] && rows[0].status !== 'counted') throw new Error(`the root post was ${rows[0].status} (${rows[0].reason})`);
      return rows[0]?.credited_at;
    },
    'the root post to be counted and credited',
    60_000,
    apps,
  );
  return { campaignId: campaign.id, rootRef };
}

/** CPU ticks (user + system) per process of interest: our apps, all postgres processes, redis-server. */
export function cpuTicks(apps) {
  const out = {};
  const ticksOf = (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  };
  try {
    for (const app of apps) out[app.name] = ticksOf(app.pid);
    out.postgres = 0;
    out.redis = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (comm === 'postgres') out.postgres += ticksOf(pid);
        else if (comm === 'redis-server') out.redis += ticksOf(pid);
      } catch {
        /* the process ended meanwhile */
      }
    }
  } catch {
    return null; // no /proc (not Linux)
  }
  return out;
}

/** CPU seconds used between two cpuTicks samples (100 ticks per second on Linux). */
export function cpuDelta(before, after) {
  if (!before || !after) return null;
  return Object.fromEntries(Object.keys(after).map((k) => [k, Math.max(0, (after[k] - (before[k] ?? 0)) / 100)]));
}
