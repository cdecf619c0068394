#!/usr/bin/env node
// `npm test`: makes sure dependencies, ffmpeg, PostgreSQL and Redis are there, type-checks, then runs
// the unit, integration and e2e suites (integration and e2e on real services).
import { execFileSync } from 'node:child_process';
import { ensureDeps, ensureFfmpeg, ensurePostgres, ensureRedis, root, step } from './lib/services.mjs';

const testDb = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/canyu_test';
const redis = process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const bin = (name) => `${root}node_modules/.bin/${name}`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, TEST_DATABASE_URL: testDb } });

try {
  ensureDeps();
  ensureFfmpeg();
  await ensurePostgres(testDb);
  await ensureRedis(redis);
  step('type-checking (tsc --noEmit)…');
  run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('module boundaries (dependency-cruiser)…');
  run(bin('depcruise'), ['apps', 'libs', 'tools', 'test', 'docker', '--config', '.dependency-cruiser.cjs']);
  step('unit tests…');
  run(bin('jest'), ['-c', 'test/jest-unit.config.js']);
  step('integration tests (PostgreSQL + Redis)…');
  run(bin('jest'), ['-c', 'test/jest-int.config.js', '--runInBand']);
  step('e2e tests (three apps over HTTP)…');
  run(bin('jest'), ['-c', 'test/jest-e2e.config.js', '--runInBand']);
} catch (err) {
  if (err.status === undefined) console.error(`\n✖ ${err.message}`);
  process.exit(err.status ?? 1);
}
