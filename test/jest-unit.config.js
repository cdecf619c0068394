const base = require('./jest-base.config');

/** Unit: no Postgres, no Redis; *.spec.ts beside the code. */
module.exports = { ...base, displayName: 'unit', testTimeout: 20000, testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/docker/**/*.spec.ts'] };
