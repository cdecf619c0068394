#!/usr/bin/env node
// Compiles apps, libs and tools with swc (path aliases rewritten), then type-checks.
//   --out=DIR        output folder (default dist; tests use their own so a running system is untouched)
//   --no-typecheck   skip tsc (migrations and benchmarks only need the JavaScript)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });
const out = process.argv.find((a) => a.startsWith('--out='))?.slice(6) ?? 'dist';

rmSync(`${root}${out}`, { recursive: true, force: true });
run(bin('swc'), ['apps', 'libs', 'tools', '-d', out, '--copy-files', '--ignore', '**/*.spec.ts', '--quiet']);
if (!process.argv.includes('--no-typecheck')) run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
