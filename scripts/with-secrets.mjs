#!/usr/bin/env node
// Runs a compiled Node script with the installation's secrets (.canyu/secrets.env) in its
// environment, as `npm start` gives them to the apps: node scripts/with-secrets.mjs <script> [args…]
import { spawnSync } from 'node:child_process';
import { withSecrets } from './lib/secrets.mjs';
import { root } from './lib/services.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/with-secrets.mjs <script.js> [args…]');
  process.exit(2);
}
const run = spawnSync(process.execPath, [script, ...args], { cwd: root, env: withSecrets(root), stdio: 'inherit' });
process.exit(run.status ?? 1);
