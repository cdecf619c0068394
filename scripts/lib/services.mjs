// Finds (and on a bare Debian machine, installs and starts) what Canyu needs:
// node_modules, PostgreSQL, Redis and ffmpeg. Used by `npm start`, `npm test` and `npm run bench`.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';

export const root = new URL('../..', import.meta.url).pathname;
export const step = (msg) => console.log(`\x1b[36m▸\x1b[0m ${msg}`);
const sh = (cmd) => execSync(cmd, { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
const has = (bin) => {
  try {
    execSync(`command -v ${bin}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
const COMPOSE_HINT = 'docker compose -f docker/compose.test.yml up -d';

export function ensureDeps() {
  const lock = `${root}package-lock.json`;
  const marker = `${root}node_modules/.package-lock.json`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step('installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: root });
}

function tcpAnswers(host, port, probe, expect) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/[[\]]/g, ''), port, timeout: 1500 });
    let data = '';
    socket.on('connect', () => (probe ? socket.write(probe) : (socket.end(), resolve(true))));
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes(expect)) socket.end(), resolve(true);
    });
    socket.on('timeout', () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(false));
  });
}

async function waitFor(check, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

let aptUpdated = false;
function aptInstall(pkg) {
  if (!has('apt-get') || process.getuid?.() !== 0) return false;
  step(`installing ${pkg} from Debian packages…`);
  try {
    // One index refresh per run, however many packages follow.
    if (!aptUpdated) sh('apt-get update -qq');
    aptUpdated = true;
    sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`);
    return true;
  } catch {
    return false;
  }
}

/** The voice-shout analyser (libs/audio) decodes MP3, AMR, Ogg/Opus and M4A with Debian's ffmpeg. */
export function ensureFfmpeg() {
  if (has('ffmpeg')) return;
  aptInstall('ffmpeg');
  if (!has('ffmpeg')) throw new Error('ffmpeg is missing and could not be installed. Run: apt-get install ffmpeg');
}

export async function ensureRedis(url) {
  const u = new URL(url);
  const port = Number(u.port || 6379);
  const ping = () => tcpAnswers(u.hostname, port, 'PING\r\n', 'PONG');
  if (await ping()) return;
  if (!isLocal(u.hostname)) throw new Error(`Redis at ${u.host} does not answer; start it or set REDIS_URL`);
  if (!has('redis-server')) aptInstall('redis-server');
  if (!has('redis-server')) throw new Error(`Redis is not running and could not be installed. Run: ${COMPOSE_HINT}`);
  step(`starting redis-server on port ${port}…`);
  sh(`redis-server --daemonize yes --bind 127.0.0.1 --port ${port} --save "" --appendonly no`);
  if (!(await waitFor(ping, 10))) throw new Error(`redis-server did not come up. Run: ${COMPOSE_HINT}`);
}

export async function ensurePostgres(url) {
  const u = new URL(url);
  const port = Number(u.port || 5432);
  const up = () => tcpAnswers(u.hostname, port);
  if (!(await up())) {
    if (!isLocal(u.hostname)) throw new Error(`PostgreSQL at ${u.host} does not answer; start it or set DATABASE_URL`);
    const installedHere = !has('pg_ctlcluster') && aptInstall('postgresql') && has('pg_ctlcluster');
    if (!has('pg_ctlcluster')) throw new Error(`PostgreSQL is not running and could not be installed. Run: ${COMPOSE_HINT}`);
    step('starting PostgreSQL…');
    const version = execSync('ls /etc/postgresql').toString().trim().split('\n').pop();
    sh(`pg_ctlcluster --skip-systemctl-redirect ${version} main start || true`);
    if (!(await waitFor(up, 20))) throw new Error(`PostgreSQL did not come up. Run: ${COMPOSE_HINT}`);
    if (installedHere) trustLoopback(version, 'main');
  }
  await ensureDatabase(url);
}

/**
 * A cluster this script just installed has no password for `postgres`, and Debian asks for
 * one over TCP: let loopback connections in, as the services on a dev machine usually do.
 * Never touches a cluster someone else set up.
 */
export function trustLoopback(version, cluster) {
  const hba = `/etc/postgresql/${version}/${cluster}/pg_hba.conf`;
  const current = readFileSync(hba, 'utf8');
  if (current.includes('added by canyu')) return;
  const rules = '# added by canyu (npm start installed this cluster for development)\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
  writeFileSync(hba, rules + current);
  sh(`pg_ctlcluster --skip-systemctl-redirect ${version} ${cluster} reload`);
  step(`trusting loopback connections to the new PostgreSQL cluster (${hba})`);
}

async function ensureDatabase(url) {
  const { default: pg } = await import('pg');
  const u = new URL(url);
  const name = u.pathname.slice(1) || 'postgres';
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`cannot log in to PostgreSQL at ${u.host} (${err.message}). Set DATABASE_URL, or run: ${COMPOSE_HINT}`);
  }
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount === 0) {
    step(`creating database ${name}…`);
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  }
  await admin.end();
}

export const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/canyu',
  REDIS_URL: 'redis://127.0.0.1:6379',
};
