// Phase (g): purchase-gate checks over HTTP. Two gated campaigns, one whose open-purchase slot
// covers the whole week (every check answers OPEN_PURCHASE) and one with no slot (CODE_REQUIRED
// with no code given), checked by `concurrency` keep-alive clients. The ceiling: a bare
// node:http server in its own process answering a JSON body of the same size to the same
// client, measured in the same run. Every answer is checked, so a wrong one fails the run.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { expectStatus } from './system.mjs';

const EVERY_DAY = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '00:00' }];

function hammer(port, path, body, key, n, concurrency, check) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${key}` };
  let sent = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${path} → ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`));
          check(JSON.parse(Buffer.concat(chunks).toString()));
          resolve();
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  const worker = async () => {
    while (sent < n) {
      sent += 1;
      await one();
    }
  };
  const started = performance.now();
  return Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    agent.destroy();
    return (n * 1000) / (performance.now() - started);
  });
}

/** A bare HTTP server in a child process answering every POST with `answer`. */
async function bareServer(answer) {
  const code = `const http=require('node:http');const b=${JSON.stringify(JSON.stringify(answer))};
    const s=http.createServer((q,r)=>{q.resume();q.on('end',()=>{r.writeHead(200,{'content-type':'application/json','content-length':Buffer.byteLength(b)});r.end(b);});});
    s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>process.stdout.write(String(s.address().port)+'\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return { port, stop: () => child.kill('SIGKILL') };
}

/** The gate's rule alone, in this process (compiled dist/): what one check costs before HTTP, auth and validation. */
async function decisionRate(root, n) {
  const mod = await import(`${root}dist/apps/campaign-api/src/purchase-gate/gate-decision.js`);
  const { gateStep, OpeningMemo } = mod.OpeningMemo ? mod : mod.default; // CommonJS, named exports or not
  const rules = { skus: ['bench-phone'], openSlots: EVERY_DAY, timezone: 'Europe/Berlin' };
  const memo = new OpeningMemo(rules);
  let open = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) if (gateStep(rules, 'bench-phone', new Date(), (now) => memo.at(now)).answer === 'OPEN_PURCHASE') open++;
  const rate = (n * 1000) / (performance.now() - started);
  if (open !== n) throw new Error(`the rule answered OPEN_PURCHASE ${open} times of ${n}`);
  return rate;
}

export async function gateChecks({ root, apiPort, key, n, concurrency, log }) {
  const campaign = async (name, openPurchase) => {
    const c = await expectStatus(201, apiPort, 'POST', '/v1/campaigns', { key, body: { name, timezone: 'Asia/Shanghai' } });
    await expectStatus(200, apiPort, 'PUT', `/v1/campaigns/${c.id}/purchase-gate`, { key, body: { skus: ['bench-phone'], openPurchase } });
    return c.id;
  };
  const open = await campaign('Bench gate, open', EVERY_DAY);
  const shut = await campaign('Bench gate, shut', []);
  const body = { participantId: 'bench-buyer', sku: 'bench-phone' };
  const expect = (reason) => (answer) => {
    if (answer.reason !== reason) throw new Error(`gate answered ${answer.reason}, expected ${reason}`);
  };
  await hammer(apiPort, `/v1/campaigns/${open}/purchase-gate/checks`, body, key, Math.min(n, 2000), concurrency, expect('OPEN_PURCHASE')); // warm-up
  const openRate = await hammer(apiPort, `/v1/campaigns/${open}/purchase-gate/checks`, body, key, n, concurrency, expect('OPEN_PURCHASE'));
  log(`open purchase: ${Math.round(openRate)} checks/s`);
  const shutRate = await hammer(apiPort, `/v1/campaigns/${shut}/purchase-gate/checks`, body, key, n, concurrency, expect('CODE_REQUIRED'));
  log(`code required: ${Math.round(shutRate)} checks/s`);
  const bare = await bareServer({ allowed: true, reason: 'OPEN_PURCHASE', message: 'open purchase: anyone may buy now', window: { opensAt: new Date().toISOString(), closesAt: new Date().toISOString() } });
  try {
    await hammer(bare.port, '/', body, key, Math.min(n, 2000), concurrency, () => {});
    const bareRate = await hammer(bare.port, '/', body, key, n, concurrency, () => {});
    log(`bare node:http ceiling: ${Math.round(bareRate)} answers/s`);
    const decision = await decisionRate(root, n * 10);
    log(`the rule alone, in process: ${Math.round(decision)} decisions/s`);
    return { n, concurrency, openRate, shutRate, bareRate, decision };
  } finally {
    bare.stop();
  }
}

export function printGate(g) {
  console.log(`\nPurchase-gate checks over HTTP (${g.n} per case, ${g.concurrency} keep-alive clients):`);
  console.log(`  open purchase ${Math.round(g.openRate)}/s, code required ${Math.round(g.shutRate)}/s; bare node:http ceiling ${Math.round(g.bareRate)}/s (${((100 * g.openRate) / g.bareRate).toFixed(0)} %)`);
  console.log(`  the gate's rule alone, in process: ${Math.round(g.decision)} decisions/s`);
}

export function gateMarkdown(g) {
  return `## Purchase-gate checks

\`POST /v1/campaigns/:id/purchase-gate/checks\` over HTTP, ${g.n} checks per case from ${g.concurrency} keep-alive clients
in the bench process, every answer checked. The ceiling is a bare \`node:http\` server in its own process answering a JSON
body of the same size to the same client, measured in the same run: it is what one Node process on this machine can
answer, before authentication, validation and the gate's rules.

| case | checks/s | share of the bare server |
| :--- | ---: | ---: |
| open purchase (slot covers now) | ${Math.round(g.openRate)} | ${((100 * g.openRate) / g.bareRate).toFixed(0)} % |
| outside open purchase, no code (CODE_REQUIRED) | ${Math.round(g.shutRate)} | ${((100 * g.shutRate) / g.bareRate).toFixed(0)} % |
| bare \`node:http\` ceiling | ${Math.round(g.bareRate)} | 100 % |

The gate's rule alone (\`gateStep\` with its per-occurrence memo, in the bench process, ${(g.n * 10).toLocaleString('en-US')} calls):
**${Math.round(g.decision).toLocaleString('en-US')} decisions/s**. Between that and the HTTP figure is the request path every endpoint pays:
Express and Nest, security headers, the body reader, authentication (one Redis read for the failed-auth
throttle) and the two per-key and per-address rate-limit counters in Redis.
`;
}
