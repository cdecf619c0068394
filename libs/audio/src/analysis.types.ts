/** Why the analyser refused a file before (or while) measuring it. */
export type AnalysisFailure = 'UNDECODABLE' | 'TOO_LONG' | 'TOO_LARGE';

/** What one clip measured: BS.1770-4 / EBU R128 loudness, peaks and an acoustic fingerprint. */
export interface ClipMeasured {
  ok: true;
  /** Gated integrated loudness (LUFS); null when no 400 ms block passed the gates (silence, < 400 ms). */
  integratedLufs: number | null;
  /** Highest 4× oversampled peak over all channels (dBTP); null when the clip holds no sample. */
  truePeakDbtp: number | null;
  /** Highest absolute sample (dBFS); null when the clip holds no sample. */
  samplePeakDbfs: number | null;
  durationSec: number;
  sampleRate: number;
  channels: number;
  /**
   * Share (0..1) of samples at the ceiling: the larger of the share at or above CLIP_LEVEL_DBFS
   * (-1 dBFS) and the share within CLIP_WINDOW_DB (1 dB) of the clip's own sample peak.
   */
  clippedShare: number;
  /** Compact serialisable acoustic fingerprint; compare with fingerprintsMatch. */
  fingerprint: string;
}

export interface ClipRefused {
  ok: false;
  reason: AnalysisFailure;
  /** What went wrong, for logs and the participant (no file paths). */
  detail: string;
  /** Duration when known (decoded so far, or what the header claims). */
  durationSec?: number;
}

export type ClipAnalysis = ClipMeasured | ClipRefused;

/** Bounds on the work one file may cost. */
export interface AnalysisLimits {
  /** Larger files are TOO_LARGE without being read. */
  maxBytes: number;
  /** Longer clips are TOO_LONG: judged from the header when it says so, else decoding stops there. */
  maxDurationSec: number;
  /** Wall-clock budget for decoding and measuring; past it the clip is UNDECODABLE. */
  maxDecodeMs: number;
  maxSampleRate: number;
  maxChannels: number;
  /** Heap of the analysis worker thread (analyseInSandbox). */
  sandboxMemoryMb: number;
}

/**
 * maxDurationSec is the analyser's hard stop, above the contest's own rule (VoiceRules.maxDurationSec,
 * 30 s), so a 45 s clip is measured and judged TOO_LONG by the rules while a 3 h one stops here.
 */
export const DEFAULT_ANALYSIS_LIMITS: Readonly<AnalysisLimits> = Object.freeze({
  maxBytes: 32 * 1024 * 1024,
  maxDurationSec: 120,
  maxDecodeMs: 15_000,
  maxSampleRate: 192_000,
  maxChannels: 8,
  sandboxMemoryMb: 128,
});

export function resolveLimits(limits?: Partial<AnalysisLimits>): AnalysisLimits {
  const out: AnalysisLimits = { ...DEFAULT_ANALYSIS_LIMITS };
  for (const key of Object.keys(out) as (keyof AnalysisLimits)[]) {
    const v = limits?.[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`analysis limit ${key} must be a positive number`);
    out[key] = v;
  }
  return out;
}
