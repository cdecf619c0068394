import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveLimits, type AnalysisLimits, type ClipAnalysis, type ClipRefused } from './analysis.types';
import { ClipMeter } from './clip-meter';
import { ffmpegSource } from './pcm/ffmpeg-source';
import type { PcmSource } from './pcm/pcm-source';
import { sniffContainer } from './pcm/sniff';
import { probeWav } from './pcm/wav-header';
import { wavSource } from './pcm/wav-source';

/** A compressed clip that decodes to less than this share of what its container claims is truncated. */
const TRUNCATED_BELOW = 0.9;

const refuse = (reason: ClipRefused['reason'], detail: string, durationSec?: number): ClipRefused =>
  durationSec === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, durationSec };
const round = (v: number): number => Math.round(v * 1000) / 1000;

/** PCM and float WAV natively; µ-law/ADPCM WAV, MP3, AAC, AMR, Ogg/Opus, M4A/3GP, FLAC via ffmpeg. */
async function openSource(path: string, size: number, limits: AnalysisLimits, deadline: number): Promise<PcmSource | ClipRefused> {
  const fh = await open(path, 'r');
  let handedOver = false;
  try {
    const head = Buffer.alloc(Math.min(64, size));
    await fh.read(head, 0, head.length, 0);
    const demuxer = sniffContainer(head);
    if (!demuxer) return refuse('UNDECODABLE', 'not a supported audio format');
    if (demuxer === 'wav') {
      const probe = await probeWav(fh, size, limits.maxSampleRate, limits.maxChannels);
      if (probe.kind === 'bad') return refuse('UNDECODABLE', probe.detail);
      if (probe.kind === 'wav') {
        const claimed = probe.layout.dataBytes / probe.layout.blockAlign / probe.layout.sampleRate;
        if (claimed > limits.maxDurationSec) return refuse('TOO_LONG', `the header says ${claimed.toFixed(1)} s (at most ${limits.maxDurationSec} s)`, round(claimed));
        handedOver = true;
        return wavSource(fh, probe.layout);
      }
      // Any other WAVE codec (µ-law, ADPCM, GSM…) is ffmpeg's.
    }
    return await ffmpegSource(path, demuxer, limits, deadline);
  } finally {
    if (!handedOver) await fh.close();
  }
}

async function measure(source: PcmSource, limits: AnalysisLimits, deadline: number): Promise<ClipAnalysis> {
  const { format } = source;
  const meter = new ClipMeter(format);
  const maxFrames = Math.floor(limits.maxDurationSec * format.sampleRate);
  for await (const chunk of source.chunks()) {
    meter.push(chunk);
    if (meter.frames > maxFrames) {
      await source.cancel();
      return refuse('TOO_LONG', `longer than ${limits.maxDurationSec} s`, round(Math.max(meter.durationSec, format.claimedDurationSec ?? 0)));
    }
    if (Date.now() > deadline) {
      await source.cancel();
      return refuse('UNDECODABLE', `decoding took longer than ${limits.maxDecodeMs} ms`, round(meter.durationSec));
    }
  }
  const end = await source.end();
  if (!end.ok) return refuse('UNDECODABLE', end.detail, round(meter.durationSec));
  const claimed = format.claimedDurationSec;
  if (claimed !== null && claimed > 1 && meter.durationSec < TRUNCATED_BELOW * claimed) {
    return refuse('UNDECODABLE', `truncated: ${meter.durationSec.toFixed(2)} s of the ${claimed.toFixed(2)} s the file claims`, round(meter.durationSec));
  }
  return { ok: true, ...meter.finish(), durationSec: round(meter.durationSec), sampleRate: format.sampleRate, channels: format.channels };
}

/**
 * Measures one clip (BS.1770-4 / EBU R128 loudness, peaks, clipping, fingerprint) within the
 * limits. A bad file is a result (`ok: false`), never an exception; a missing or unreadable path
 * rejects, since that is the caller's problem, not the participant's. Runs the DSP on the calling
 * thread: servers use analyseInSandbox.
 */
export async function analyseFile(path: string, limits?: Partial<AnalysisLimits>): Promise<ClipAnalysis> {
  const lim = resolveLimits(limits);
  const deadline = Date.now() + lim.maxDecodeMs;
  const abs = resolve(path);
  const info = await stat(abs);
  if (!info.isFile()) throw new Error('not a regular file');
  if (info.size > lim.maxBytes) return refuse('TOO_LARGE', `${info.size} bytes (at most ${lim.maxBytes})`);
  if (info.size === 0) return refuse('UNDECODABLE', 'empty file');
  const source = await openSource(abs, info.size, lim, deadline);
  if ('ok' in source) return source;
  try {
    return await measure(source, lim, deadline);
  } finally {
    await source.cancel();
  }
}
