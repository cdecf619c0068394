import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { analyseInSandbox, DEFAULT_VOICE_RULES, judgeClip, type ClipAnalysis } from '@lib/audio';

// Usage: npm run loudness -- <file> [<file>…]
// One JSON line per file, in argument order, judged with the default voice-shout rules as one
// contest: each file is a different person, a later file repeating an earlier one is DUPLICATE.
// Exit 0 when every file was analysed (accepted or rejected), 2 on usage errors or missing files.
const USAGE = 'usage: npm run loudness -- <audio file> [<audio file>…]';

const r2 = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 100) / 100);

function usageError(message: string): never {
  console.error(`loudness: ${message}\n${USAGE}`);
  process.exit(2);
}

// npm runs scripts from the package root: relative paths mean the caller's directory (INIT_CWD).
const located = (f: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), f);

async function analyseAll(files: string[]): Promise<ClipAnalysis[]> {
  const results: ClipAnalysis[] = new Array(files.length);
  let next = 0;
  // Each analysis is its own worker thread: run as many as there are cores.
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      results[i] = await analyseInSandbox(located(files[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(files.length, availableParallelism()) }, lane));
  return results;
}

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.includes('--help') || files.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (files.length === 0) usageError('no files given');
  for (const f of files) {
    if (f.startsWith('-')) usageError(`unknown option ${f}`);
    let isFile = false;
    try {
      isFile = statSync(located(f)).isFile();
    } catch {
      usageError(`no such file: ${f}`);
    }
    if (!isFile) usageError(`not a regular file: ${f}`);
  }
  const analyses = await analyseAll(files);
  const earlier: { entryId: string; fingerprint: string }[] = [];
  analyses.forEach((a, i) => {
    const v = judgeClip(a, DEFAULT_VOICE_RULES, { entriesSoFar: 0, earlier });
    if (a.ok) earlier.push({ entryId: files[i], fingerprint: a.fingerprint });
    console.log(
      JSON.stringify({
        file: files[i],
        verdict: v.verdict,
        reason: v.reason,
        integratedLufs: a.ok ? r2(a.integratedLufs) : null,
        truePeakDbtp: a.ok ? r2(a.truePeakDbtp) : null,
        samplePeakDbfs: a.ok ? r2(a.samplePeakDbfs) : null,
        durationSec: r2(a.durationSec),
        sampleRate: a.ok ? a.sampleRate : null,
        channels: a.ok ? a.channels : null,
      }),
    );
  });
}

main().catch((err: Error) => {
  console.error(`loudness: ${err.message}`);
  process.exit(1);
});
