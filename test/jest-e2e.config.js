const base = require('./jest-base.config');

/** E2E: all three apps booted in-process over HTTP, real Postgres, Redis and BullMQ. */
module.exports = {
  ...base,
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.js',
  setupFiles: ['<rootDir>/test/test-env.js'],
  testTimeout: 60000,
};
