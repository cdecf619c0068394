import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AnalysisLimits, ClipRefused } from '../analysis.types';
import { ffmpegLayoutChannels, ffmpegLayoutWeights } from './channel-weights';
import { FfmpegStderr, type StderrEvent } from './ffmpeg-stderr';
import type { PcmFormat, PcmSource, SourceEnd } from './pcm-source';
import type { Demuxer } from './sniff';

const FFMPEG = process.env.FFMPEG_PATH || 'ffmpeg';
/** util-linux prlimit caps ffmpeg's address space and CPU time (ffmpeg itself maps ~400 MB of libraries). */
const PRLIMIT = existsSync('/usr/bin/prlimit') ? '/usr/bin/prlimit' : null;
const ADDRESS_SPACE_BYTES = 1024 * 1024 * 1024;

export type FfmpegChildListener = (pid: number, state: 'spawned' | 'exited') => void;
/** Told of every ffmpeg this thread starts and reaps (the sandbox reports them to its parent). */
const childListeners = new Set<FfmpegChildListener>();
export function onFfmpegChild(listener: FfmpegChildListener): () => void {
  childListeners.add(listener);
  return () => childListeners.delete(listener);
}

function ffmpegArgs(path: string, demuxer: Demuxer, limits: AnalysisLimits): string[] {
  return [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'level+info',
    '-protocol_whitelist', 'file', '-f', demuxer, '-i', `file:${path}`,
    '-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1', '-threads', '1',
    // ffmpeg's AMR-NB decoder drops DTX comfort-noise (SID) frames; filling the timestamp gaps
    // with silence keeps the clip's length and timeline (fingerprint alignment) intact.
    ...(demuxer === 'amr' || demuxer === 'mov' ? ['-af', 'aresample=async=1'] : []),
    // One second past the limit: enough to tell "too long" from "exactly at the limit".
    '-t', String(limits.maxDurationSec + 1),
    // Fill ffmpeg's output buffer before writing: a third of the pipe reads (and wake-ups) here.
    '-flush_packets', '0',
    '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1',
  ];
}

function start(path: string, demuxer: Demuxer, limits: AnalysisLimits): ChildProcess {
  const args = ffmpegArgs(path, demuxer, limits);
  const cpuSeconds = Math.ceil(limits.maxDecodeMs / 1000) + 1;
  const child = PRLIMIT
    ? spawn(PRLIMIT, [`--as=${ADDRESS_SPACE_BYTES}`, `--cpu=${cpuSeconds}`, '--', FFMPEG, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid !== undefined) {
    for (const l of childListeners) l(pid, 'spawned');
    child.on('close', () => childListeners.forEach((l) => l(pid, 'exited')));
  }
  return child;
}

type Header = { kind: 'format'; format: PcmFormat } | { kind: 'refused'; refusal: ClipRefused };

/**
 * Decodes any supported container to f32le at the clip's own rate and channels through ffmpeg,
 * streamed (never the whole clip in memory), killed at the deadline or when the caller cancels.
 * Resolves once ffmpeg printed the output format, or with a refusal (TOO_LONG by the header's
 * duration, UNDECODABLE when ffmpeg gave up or the deadline passed first).
 */
export async function ffmpegSource(path: string, demuxer: Demuxer, limits: AnalysisLimits, deadline: number): Promise<PcmSource | ClipRefused> {
  const child = start(path, demuxer, limits);
  let timedOut = false;
  let claimed: number | null = null;
  let estimated = false;
  let firstError: string | null = null;
  let resolveHeader: (h: Header) => void = () => {};
  const header = new Promise<Header>((r) => (resolveHeader = r));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, Math.max(0, deadline - Date.now()));
  let cannotRun: string | null = null;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // prlimit exits 127 when it cannot exec ffmpeg.
      if (code === 127 && PRLIMIT) cannotRun ??= `${FFMPEG} could not be executed`;
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      cannotRun ??= err.message;
      if (child.pid === undefined) {
        clearTimeout(timer);
        resolve({ code: null, signal: null });
      }
    });
  });

  const onEvent = (e: StderrEvent): void => {
    if (e.kind === 'estimated') {
      estimated = true;
    } else if (e.kind === 'duration') {
      // A guess from the bitrate can be far off either way (AMR silence frames are 1 byte): the
      // decoded length alone decides then, and decoding stops at the limit anyway.
      claimed = estimated ? null : e.seconds;
      if (claimed !== null && claimed > limits.maxDurationSec) {
        kill();
        resolveHeader({ kind: 'refused', refusal: { ok: false, reason: 'TOO_LONG', detail: `the file says it lasts ${claimed.toFixed(1)} s (at most ${limits.maxDurationSec} s)`, durationSec: claimed } });
      }
    } else if (e.kind === 'error') {
      firstError ??= e.message;
    } else if (e.kind === 'unparsed') {
      kill();
      resolveHeader({ kind: 'refused', refusal: { ok: false, reason: 'UNDECODABLE', detail: "could not read ffmpeg's output format" } });
    } else {
      const channels = ffmpegLayoutChannels(e.layout) ?? Math.round((e.kbps * 1000) / (e.sampleRate * 32));
      if (channels < 1 || channels > limits.maxChannels || e.sampleRate < 1000 || e.sampleRate > limits.maxSampleRate) {
        kill();
        resolveHeader({ kind: 'refused', refusal: { ok: false, reason: 'UNDECODABLE', detail: `unsupported stream: ${channels} channels at ${e.sampleRate} Hz` } });
        return;
      }
      resolveHeader({ kind: 'format', format: { sampleRate: e.sampleRate, channels, weights: ffmpegLayoutWeights(e.layout, channels), claimedDurationSec: claimed } });
    }
  };
  const stderr = new FfmpegStderr(onEvent, `file:${path}`);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (t: string) => stderr.push(t));
  void closed.then(() => {
    stderr.end();
    const detail = timedOut ? `decoding took longer than ${limits.maxDecodeMs} ms` : (firstError ?? 'ffmpeg found no audio stream');
    resolveHeader({ kind: 'refused', refusal: { ok: false, reason: 'UNDECODABLE', detail } });
  });

  const h = await header;
  if (h.kind === 'refused') {
    kill();
    child.stdout?.destroy();
    await closed;
    // A missing ffmpeg is the operator's problem, not the participant's: no verdict on the clip.
    if (cannotRun) throw new Error(`cannot run ffmpeg (${cannotRun}): install it (apt-get install ffmpeg) or set FFMPEG_PATH`);
    return h.refusal;
  }
  const frameBytes = h.format.channels * 4;
  async function* chunks(): AsyncGenerator<Float32Array> {
    let acc = new Uint8Array(new ArrayBuffer(256 * 1024));
    let held = 0;
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      if (held + data.length > acc.length) {
        const grown = new Uint8Array(new ArrayBuffer(2 * (held + data.length)));
        grown.set(acc.subarray(0, held));
        acc = grown;
      }
      acc.set(data, held);
      const total = held + data.length;
      const whole = total - (total % frameBytes);
      if (whole > 0) yield new Float32Array(acc.buffer, 0, whole / 4);
      acc.copyWithin(0, whole, total);
      held = total - whole;
    }
  }
  return {
    format: h.format,
    chunks,
    cancel: async () => {
      kill();
      child.stdout?.destroy();
      await closed;
    },
    end: async (): Promise<SourceEnd> => {
      const { code } = await closed;
      if (timedOut) return { ok: false, detail: `decoding took longer than ${limits.maxDecodeMs} ms` };
      if (code !== 0) return { ok: false, detail: firstError ?? `ffmpeg exited with ${code ?? 'a signal'}` };
      return { ok: true };
    },
  };
}
