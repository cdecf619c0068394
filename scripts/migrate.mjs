#!/usr/bin/env node
// Migrations through the TypeORM CLI against the compiled data source (CANYU_BUILD_DIR, default dist).
//   run               apply pending migrations
//   generate <Name>   write libs/persistence/src/migrations/<timestamp>-<Name>.ts from entity changes
//   check             exit 1 when entities and migrations have drifted apart
import { execFileSync } from 'node:child_process';

const [command, name] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const typeorm = `${root}node_modules/typeorm/cli.js`;
const out = process.env.CANYU_BUILD_DIR || 'dist';
const dataSource = `${root}${out}/libs/persistence/src/data-source.js`;
const run = (args) => execFileSync(process.execPath, [typeorm, ...args], { stdio: 'inherit', cwd: root });

execFileSync(process.execPath, [`${root}scripts/build.mjs`, '--no-typecheck', `--out=${out}`], { stdio: 'inherit' });
const commands = {
  run: () => run(['migration:run', '-d', dataSource]),
  generate: () => {
    if (!name) throw new Error('usage: npm run migration:generate -- <Name>');
    run(['migration:generate', '-d', dataSource, '--pretty', `libs/persistence/src/migrations/${name}`]);
  },
  check: () => run(['migration:generate', '-d', dataSource, '--check', 'libs/persistence/src/migrations/Drift']),
};
if (!commands[command]) {
  console.error(`unknown command '${command}'; use run, generate <Name> or check`);
  process.exit(2);
}
try {
  commands[command]();
} catch (err) {
  process.exit(err.status ?? 1);
}
