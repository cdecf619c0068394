#!/usr/bin/env node
// Compiles apps, libs and tools with swc into dist/ (path aliases rewritten), then type-checks.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run(bin('swc'), ['apps', 'libs', 'tools', '-d', 'dist', '--copy-files', '--ignore', '**/*.spec.ts', '--quiet']);
if (!process.argv.includes('--no-typecheck')) run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
