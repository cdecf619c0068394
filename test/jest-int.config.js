const base = require('./jest-base.config');

/** Integration: real Postgres and Redis; schema from migrations in global setup. */
module.exports = {
  ...base,
  displayName: 'integration',
  testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.js',
  setupFiles: ['<rootDir>/test/test-env.js'],
  testTimeout: 30000,
};
