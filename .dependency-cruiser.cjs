/**
 * Module boundaries (docs/ARCHITECTURE.md): apps never import apps, libs never import apps,
 * the domain stays plain TypeScript, scoring never reaches into mechanics, test helpers stay
 * out of production code, other code uses a lib only through its index, and nothing is circular.
 */
const NOT_SPEC = '\\.(spec|int-spec|e2e-spec)\\.ts$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'apps-not-to-other-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    { name: 'libs-not-to-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'domain-is-plain-typescript',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: ['^libs/(?!domain/)', '@nestjs', 'typeorm', 'bullmq', 'class-validator', 'class-transformer', 'ioredis'] },
    },
    { name: 'scoring-not-mechanics', severity: 'error', from: { path: '^apps/scoring/' }, to: { path: '^libs/mechanics/' } },
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['^libs/testing/', NOT_SPEC] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'apps-use-libs-through-their-index',
      severity: 'error',
      from: { path: '^(apps|tools)/', pathNot: NOT_SPEC },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'libs-use-other-libs-through-their-index',
      severity: 'error',
      from: { path: '^libs/([^/]+)/', pathNot: NOT_SPEC },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)', pathNot: '^libs/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
