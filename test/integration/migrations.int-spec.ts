import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Entities and migrations must not drift: generating a migration from the migrated test
// database must find nothing to do.
describe('migrations', () => {
  it('should have no schema drift between entities and migrations', () => {
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/migrate.mjs'), 'check'], {
      cwd: root,
      env: { ...process.env, CANYU_BUILD_DIR: '.canyu/test-build' },
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toContain('No changes in database schema were found');
    expect(result.status).toBe(0);
  });
});
