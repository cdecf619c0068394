// Creates the test database if needed and brings it to the latest migration, from scratch.
const { Client } = require('pg');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  require('./test-env');
  const url = new URL(process.env.DATABASE_URL);
  const dbName = url.pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await db.end();
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'scripts/migrate.mjs'), 'run'], {
    cwd: root,
    env: { ...process.env, CANYU_BUILD_DIR: '.canyu/test-build' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
};
