import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { resolveLimits, type AnalysisLimits, type ClipAnalysis } from '../analysis.types';
import type { WorkerMessage } from './worker-messages';

export interface SandboxOptions {
  /** Wall clock for the whole thread (default: maxDecodeMs + 2 s, so the inner limits fire first). */
  timeoutMs?: number;
  /** Ends the analysis early (shutdown); it then resolves like a timeout. */
  signal?: AbortSignal;
}

/**
 * From TypeScript sources (jest, or any run without a build) there is no .js beside this file:
 * the thread compiles the worker's modules with @swc/core (a dev dependency) as it loads them.
 * Compiled builds (dist/) load analysis-worker.js directly and never touch swc.
 */
const TS_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { transformSync } = require(workerData.swc);
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename, swcrc: false, sourceMaps: 'inline', module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};
require(workerData.entry);
`;

function startWorker(path: string, limits: AnalysisLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.sandboxMemoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };
  const workerData = { path, limits };
  const compiled = join(__dirname, 'analysis-worker.js');
  if (!__filename.endsWith('.ts') && existsSync(compiled)) return new Worker(compiled, { workerData, resourceLimits });
  const entry = join(__dirname, 'analysis-worker.ts');
  return new Worker(TS_BOOTSTRAP, { eval: true, resourceLimits, workerData: { ...workerData, entry, swc: require.resolve('@swc/core') } });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/**
 * analyseFile in a worker thread with a bounded heap and a wall clock, so the caller's event
 * loop never runs DSP and a hostile file can at worst cost one thread's budget. On overrun the
 * thread is terminated, its ffmpeg children killed, and the clip is UNDECODABLE
 * ('analysis timed out'). Rejects, like analyseFile, when the path cannot be read.
 */
export function analyseInSandbox(path: string, limits?: Partial<AnalysisLimits>, opts: SandboxOptions = {}): Promise<ClipAnalysis> {
  const lim = resolveLimits(limits);
  const timeoutMs = opts.timeoutMs ?? lim.maxDecodeMs + 2000;
  return new Promise<ClipAnalysis>((resolvePromise, reject) => {
    const worker = startWorker(resolve(path), lim);
    const children = new Set<number>();
    let settled = false;
    const finish = (outcome: { result: ClipAnalysis } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate().finally(() => children.forEach(killQuietly));
      if ('result' in outcome) resolvePromise(outcome.result);
      else reject(outcome.error);
    };
    const stop = (detail: string): void => finish({ result: { ok: false, reason: 'UNDECODABLE', detail } });
    const onAbort = (): void => stop('analysis aborted');
    const timer = setTimeout(() => stop('analysis timed out'), timeoutMs);
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'child') {
        if (m.state === 'spawned') children.add(m.pid);
        else children.delete(m.pid);
      } else if (m.type === 'result') finish({ result: m.result });
      else finish({ error: new Error(m.message) });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') stop('analysis ran out of memory');
      else finish({ error: err });
    });
    worker.on('exit', (code) => stop(`analysis stopped (exit ${code})`));
  });
}
