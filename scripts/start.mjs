#!/usr/bin/env node
// `npm start`: installs what is missing, finds or starts PostgreSQL and Redis, migrates,
// builds, starts campaign-api, worker and scoring, seeds the demo and prints where to look.
// Ctrl-C stops the three apps. Logs go to .canyu/logs/; the generated signing secret to
// .canyu/secrets.env (an exported WEBHOOK_SIGNING_SECRET wins).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { withSecrets } from './lib/secrets.mjs';
import { DEFAULTS, ensureDeps, ensureFfmpeg, ensurePostgres, ensureRedis, root, step } from './lib/services.mjs';

// The signing secret comes from the environment or, once generated, from .canyu/secrets.env.
const env = withSecrets(root, {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || DEFAULTS.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL || DEFAULTS.REDIS_URL,
  CAMPAIGN_API_PORT: process.env.CAMPAIGN_API_PORT || '3000',
  SCORING_PORT: process.env.SCORING_PORT || '3001',
  LOG_LEVEL: process.env.LOG_LEVEL || 'info',
});
const apiUrl = `http://127.0.0.1:${env.CAMPAIGN_API_PORT}`;
const scoringUrl = `http://127.0.0.1:${env.SCORING_PORT}`;
const node = (args, extraEnv = {}) => execFileSync(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
const children = [];

function stopAll(code = 0) {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function healthy(url, seconds = 40) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function adminKey() {
  // Reuse the demo key from an earlier start while it still works; else issue one.
  const file = `${root}.canyu/demo.json`;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const res = await fetch(`${apiUrl}/v1/workspace`, { headers: { authorization: `Bearer ${saved.adminKey}` } }).catch(() => null);
    if (res?.ok) return saved;
  }
  const created = JSON.parse(node(['dist/tools/workspace-create.js', 'Demo workspace', 'demo']));
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

try {
  ensureDeps();
  ensureFfmpeg();
  step('checking PostgreSQL and Redis…');
  await ensurePostgres(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
  step('building (swc + type-check)…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  step('running migrations…');
  node(['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/libs/persistence/src/data-source.js']);
  // Logs may hold ids and error details: readable by this user only. mode applies only when
  // creating, so chmod what an earlier start left behind too.
  const logDir = `${root}.canyu/logs`;
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  chmodSync(logDir, 0o700);
  for (const app of ['campaign-api', 'worker', 'scoring']) {
    step(`starting ${app}…`);
    const file = `${logDir}/${app}.log`;
    if (existsSync(file)) chmodSync(file, 0o600);
    const log = createWriteStream(file, { flags: 'a', mode: 0o600 });
    const child = spawn(process.execPath, [`dist/apps/${app}/src/main.js`], { cwd: root, env });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on('exit', (code) => {
      if (code !== null && code !== 0) {
        console.error(`✖ ${app} exited with code ${code}; see .canyu/logs/${app}.log`);
        stopAll(1);
      }
    });
    children.push(child);
  }
  if (!(await healthy(apiUrl)) || !(await healthy(scoringUrl))) throw new Error('the apps did not become healthy; see .canyu/logs/');
  const demo = await adminKey();
  step('seeding the demo campaign…');
  execFileSync(process.execPath, ['dist/tools/demo/seed-demo.js', apiUrl, demo.adminKey], { cwd: root, stdio: 'inherit' });
  console.log(`
\x1b[32m✔ Canyu is running\x1b[0m
  Dashboard (outcomes)   ${scoringUrl}/#key=${demo.adminKey}
  Admin + ingest API     ${apiUrl}/docs
  Scoring API            ${scoringUrl}/docs
  Health / metrics       ${apiUrl}/health  ${apiUrl}/metrics
  Demo admin key         ${demo.adminKey}
  Logs                   .canyu/logs/
  Signing secret         ${process.env.WEBHOOK_SIGNING_SECRET ? 'from WEBHOOK_SIGNING_SECRET' : '.canyu/secrets.env'}
Press Ctrl-C to stop.`);
} catch (err) {
  console.error(`\n✖ ${err.message}`);
  stopAll(1);
}
