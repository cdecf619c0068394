// Loudness section of `npm run bench`: libs/audio's analyser (compiled, in this process, one
// core) beside ffmpeg's own ebur128 pass over the same clips in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';

export const LOUDNESS_BEGIN = '<!-- loudness:begin -->';
export const LOUDNESS_END = '<!-- loudness:end -->';
const require = createRequire(import.meta.url);
const TICK_SEC = 1 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** CPU seconds of reaped children (ffmpeg) so far: /proc/self/stat cutime + cstime. */
function childCpuSec() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_SEC; // fields 16 and 17 of stat(5)
}
const ownCpuSec = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function measure(runs, fn) {
  await fn(); // warm-up (JIT, page cache), not counted
  const wall0 = performance.now();
  const own0 = ownCpuSec();
  const child0 = childCpuSec();
  for (let i = 0; i < runs; i++) await fn();
  return { wallSec: (performance.now() - wall0) / 1000 / runs, cpuSec: (ownCpuSec() - own0 + childCpuSec() - child0) / runs };
}

function makeClips(root, dir, seconds) {
  const signals = require(join(root, 'dist/libs/audio/src/test-support/signals.js'));
  const { writeWav } = require(join(root, 'dist/libs/audio/src/test-support/wav-writer.js'));
  const speech48 = writeWav(join(dir, 'speech-48k-stereo.wav'), [signals.speechLike(seconds, 48000, 1), signals.speechLike(seconds, 48000, 2)], 48000);
  const pink = writeWav(join(dir, 'pink-48k-stereo.wav'), [signals.pinkNoise(seconds, 48000, -18, 3), signals.pinkNoise(seconds, 48000, -18, 4)], 48000);
  const speech16 = writeWav(join(dir, 'speech-16k-mono.wav'), [signals.speechLike(seconds, 16000, 5)], 16000);
  const mp3 = join(dir, 'speech-48k-stereo.mp3');
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', speech48, '-c:a', 'libmp3lame', '-b:a', '128k', mp3]);
  return [
    { name: `speech-like, ${seconds} s, 48 kHz stereo, 16-bit WAV`, path: speech48 },
    { name: `pink noise, ${seconds} s, 48 kHz stereo, 16-bit WAV`, path: pink },
    { name: `speech-like, ${seconds} s, 16 kHz mono, 16-bit WAV`, path: speech16 },
    { name: `speech-like, ${seconds} s, 48 kHz stereo, MP3 128 kbit/s`, path: mp3 },
  ];
}

const ffmpegPass = (path, filter) => () => {
  const r = spawnSync('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-i', path, '-af', filter, '-f', 'null', '-'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`ffmpeg ${filter} failed on ${path}`);
};

/** Runs the section; `root` must hold a fresh dist/ (the bench builds it first). */
export async function runLoudness({ root, quick, log }) {
  const { analyseFile } = require(join(root, 'dist/libs/audio/src/index.js'));
  const seconds = quick ? 10 : 30;
  const runs = quick ? 3 : 10;
  const dir = mkdtempSync(join(os.tmpdir(), 'canyu-bench-loudness-'));
  try {
    const clips = makeClips(root, dir, seconds);
    const rows = [];
    for (const clip of clips) {
      let check = null;
      const ours = await measure(runs, async () => {
        check = await analyseFile(clip.path);
        if (!check.ok) throw new Error(`${clip.name}: ${check.detail}`);
      });
      const ffTrue = await measure(runs, ffmpegPass(clip.path, 'ebur128=peak=true'));
      const ffPlain = await measure(runs, ffmpegPass(clip.path, 'ebur128'));
      const row = { clip: clip.name, seconds, ours, ffTrue, ffPlain, lufs: check.integratedLufs };
      rows.push(row);
      log(`${clip.name}: ours ${xrt(seconds, ours.cpuSec)}× real time per core, ffmpeg ebur128=peak=true ${xrt(seconds, ffTrue.cpuSec)}×, ebur128 ${xrt(seconds, ffPlain.cpuSec)}×`);
    }
    return { mode: quick ? 'quick' : 'full', runs, seconds, rows, cpu: os.cpus()[0]?.model?.trim() ?? 'unknown', cores: os.cpus().length, node: process.version, ffmpeg: ffmpegVersion(), date: new Date().toISOString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ffmpegVersion() {
  return /ffmpeg version (\S+)/.exec(execFileSync('ffmpeg', ['-version']).toString())?.[1] ?? 'unknown';
}

const xrt = (audioSec, cpuSec) => (cpuSec > 0 ? Math.round(audioSec / cpuSec).toLocaleString('en-US') : '–');
const ms = (sec) => (sec * 1000).toFixed(1);

function rowsOf(r) {
  return r.rows.map((x) => [x.clip, xrt(x.seconds, x.ours.cpuSec), ms(x.ours.wallSec), xrt(x.seconds, x.ffTrue.cpuSec), ms(x.ffTrue.wallSec), xrt(x.seconds, x.ffPlain.cpuSec), ms(x.ffPlain.wallSec)]);
}
const HEAD = ['Clip', 'ours × RT/core', 'ours wall ms', 'ffmpeg peak=true × RT/core', 'wall ms', 'ffmpeg ebur128 × RT/core', 'wall ms'];

function targets(r) {
  return r.rows.map((x) => {
    const ours = x.seconds / x.ours.cpuSec;
    const theirs = x.seconds / x.ffTrue.cpuSec;
    const verdict = ours >= 200 && ours > theirs ? 'met in this run' : 'NOT met in this run';
    return `${x.clip}: ${Math.round(ours)}× vs ffmpeg ${Math.round(theirs)}× — ${verdict}`;
  });
}

export function printLoudness(r) {
  console.log(`\nLoudness analyser (libs/audio) vs ffmpeg ${r.ffmpeg} ebur128, ${r.mode} mode, ${r.runs} runs per clip after a warm-up:`);
  const rows = rowsOf(r);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  for (const row of [HEAD, ...rows]) console.log(row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
  console.log('Targets (≥ 200× real time per core, less CPU than ffmpeg ebur128=peak=true):');
  for (const t of targets(r)) console.log(`  ${t}`);
}

export function loudnessMarkdown(r) {
  const table = [HEAD, HEAD.map((_, i) => (i === 0 ? ':---' : '---:')), ...rowsOf(r)].map((row) => `| ${row.join(' | ')} |`).join('\n');
  return `${LOUDNESS_BEGIN}
## Loudness analyser (voice-shout contest)

Generated by \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\` (or \`-- --only=loudness\`) on ${r.date}, ${r.mode} mode: ${r.cpu},
${r.cores} cores, Node ${r.node}, ffmpeg ${r.ffmpeg}. Each clip ran once to warm up, then ${r.runs} times; "× RT/core" is
audio seconds per CPU second (this process plus its ffmpeg children, single-threaded), "wall ms" one analysis.

${table}

- **ours** is \`analyseFile\` of \`libs/audio\` from dist/, in the bench process: BS.1770-4 K-weighting, gated
  integrated loudness, sample peak, 4× true peak, clipping histogram and the acoustic fingerprint; for MP3
  it includes ffmpeg decoding the clip to f32le in a child process. \`analyseInSandbox\` adds a worker thread
  start on top (not measured here).
- **ffmpeg peak=true** is \`ffmpeg -i clip -af ebur128=peak=true -f null -\` (loudness and true peak, i.e. the same
  measurements), **ffmpeg ebur128** the same without true peak; both include ffmpeg's start-up (~50 ms here).
- For MP3 both sides pay the same ffmpeg start-up and decode; ours overlaps the decode (child process)
  with the measuring (this process), which shows in wall time, not in CPU per core.

Targets (goals, not claims): ≥ 200× real time per core, and less CPU than ffmpeg's \`ebur128=peak=true\` pass.

${targets(r).map((t) => `- ${t}`).join('\n')}
${LOUDNESS_END}
`;
}

/** Puts the section into an existing BENCHMARKS.md (replacing an earlier one), or appends it. */
export function spliceLoudness(text, section) {
  const begin = text.indexOf(LOUDNESS_BEGIN);
  const end = text.indexOf(LOUDNESS_END);
  if (begin >= 0 && end > begin) return text.slice(0, begin) + section.trimEnd() + text.slice(end + LOUDNESS_END.length);
  return `${text.trimEnd()}\n\n${section}`;
}
