const { randomBytes } = require('node:crypto');
const os = require('node:os');
const path = require('node:path');

// Tests use their own database and a queue prefix per test file, never the dev ones.
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/canyu_test';
process.env.REDIS_URL = process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL || 'silent';
process.env.SWEEP_INTERVAL_MS = process.env.SWEEP_INTERVAL_MS || '600000';
// A queue prefix per test file (setupFiles run once per file), so suites never share queues.
process.env.QUEUE_PREFIX = `test${process.pid}${Math.random().toString(36).slice(2, 8)}`;
// Uploaded media in a directory of the test file's own, never the dev .canyu/media.
process.env.MEDIA_DIR = path.join(os.tmpdir(), `canyu-test-media-${process.env.QUEUE_PREFIX}`);
// The outreach suite runs its webhook receiver on loopback.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';
// Fresh secrets per test file (webhook signing, draw seed sealing, code hashing): there is no default, and no test may rely on a known one.
process.env.WEBHOOK_SIGNING_SECRET = randomBytes(32).toString('hex');
process.env.DRAW_SEED_KEY = randomBytes(32).toString('hex');
process.env.CODE_HASH_KEY = randomBytes(32).toString('hex');
// Rate limits and failed-auth lockouts high enough that no suite trips them by accident
// (every request comes from 127.0.0.1); rate-limits.e2e-spec.ts sets its own low ones.
for (const [name, value] of Object.entries({
  RATE_LIMIT_INGEST_PER_KEY: '100000',
  RATE_LIMIT_INGEST_PER_ADDRESS: '100000',
  RATE_LIMIT_WRITES_PER_KEY: '100000',
  RATE_LIMIT_WRITES_PER_ADDRESS: '100000',
  AUTH_FAILURES_SLOWDOWN_AFTER: '100000',
  AUTH_FAILURES_LOCKOUT_AFTER: '1000000',
})) process.env[name] = process.env[name] || value;
