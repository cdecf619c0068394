import { integratedLoudness } from './dsp/gating';
import { designKWeighting, kWeightedEnergy, kWeightedEnergyPair, type KWeighting } from './dsp/k-weighting';
import { interpolatedPeak, TRUE_PEAK_HISTORY } from './dsp/true-peak';
import { FingerprintExtractor } from './fingerprint/fingerprint-extractor';
import type { PcmFormat } from './pcm/pcm-source';

/** Samples at or above this level are "at full scale" (lossy decoders ripple around a clipped 0 dBFS). */
export const CLIP_LEVEL_DBFS = -1;
/** Samples within this many dB of the clip's own peak sit at its ceiling (a clipped file turned down). */
export const CLIP_WINDOW_DB = 1;
// |x| histogram over [0, 2) in 1/1024 steps (8 KB, stays in L1): enough to find "within 1 dB of
// the peak" afterwards for any clip peaking above -30 dBFS.
const HIST_BINS = 2048;
const HIST_SCALE = 1024;
// Both ceilings (CLIP_LEVEL_DBFS and CLIP_WINDOW_DB under the peak) are 1 dB under something.
const CEILING_RATIO = 10 ** (-1 / 20);

export interface ClipMeasurements {
  integratedLufs: number | null;
  truePeakDbtp: number | null;
  samplePeakDbfs: number | null;
  clippedShare: number;
  fingerprint: string;
}

const db = (linear: number): number | null => (linear > 0 ? 20 * Math.log10(linear) : null);

/**
 * Measures a clip block by block as its samples stream in: K-weighted energy per 100 ms
 * sub-block, sample and true peak, a histogram of levels, the fingerprint. Holds no samples
 * beyond the current chunk, so memory does not grow with the clip's length (but for the 8 bytes
 * per 100 ms and per 32 ms frame that gating and fingerprinting need).
 */
export class ClipMeter {
  private readonly channels: number;
  private readonly weights: Float64Array;
  private readonly filter: KWeighting;
  private readonly filterState: Float64Array[];
  private readonly subBlockLength: number;
  private readonly subEnergy: Float64Array;
  private readonly pair = new Float64Array(2);
  private subFill = 0;
  private subBlocks = new Float64Array(64);
  private subCount = 0;
  private work: Float64Array[];
  private mono = new Float64Array(0);
  private readonly histogram = new Uint32Array(HIST_BINS);
  private readonly fingerprint: FingerprintExtractor;
  private samplePeak = 0;
  private truePeak = 0;
  frames = 0;

  constructor(private readonly format: PcmFormat) {
    this.channels = format.channels;
    this.weights = Float64Array.from(format.weights);
    this.filter = designKWeighting(format.sampleRate);
    this.filterState = Array.from({ length: this.channels }, () => new Float64Array(4));
    this.subBlockLength = Math.floor((format.sampleRate + 5) / 10); // libebur128's rounding
    this.subEnergy = new Float64Array(this.channels);
    this.work = Array.from({ length: this.channels }, () => new Float64Array(TRUE_PEAK_HISTORY));
    this.fingerprint = new FingerprintExtractor(format.sampleRate);
  }

  /** Interleaved frames; the chunk may be reused by the caller once this returns. */
  push(chunk: Float32Array): void {
    const c = this.channels;
    const n = Math.floor(chunk.length / c);
    if (n === 0) return;
    if (this.mono.length < n) {
      this.mono = new Float64Array(n);
      this.work = this.work.map((w) => {
        const grown = new Float64Array(TRUE_PEAK_HISTORY + n);
        grown.set(w.subarray(0, TRUE_PEAK_HISTORY));
        return grown;
      });
    }
    this.deinterleave(chunk, n);
    this.measureLoudness(n);
    for (let ch = 0; ch < c; ch++) {
      const x = this.work[ch];
      this.truePeak = interpolatedPeak(x, n, this.truePeak);
      x.copyWithin(0, n, n + TRUE_PEAK_HISTORY);
    }
    this.fingerprint.push(this.mono, n);
    this.frames += n;
  }

  /**
   * Splits the chunk into per-channel buffers, tracks the sample peak, and histograms only the
   * samples that can still count as "at the ceiling": at or above 1 dB under min(full scale, the
   * peak so far). The peak only grows, so a sample skipped here is under the final threshold too.
   */
  private deinterleave(chunk: Float32Array, n: number): void {
    const c = this.channels;
    const { histogram, mono } = this;
    let peak = this.samplePeak;
    let gate = CEILING_RATIO * (peak < 1 ? peak : 1);
    for (let ch = 0; ch < c; ch++) {
      const x = this.work[ch];
      for (let i = 0, j = ch; i < n; i++, j += c) {
        const v = chunk[j];
        x[TRUE_PEAK_HISTORY + i] = v;
        const a = v < 0 ? -v : v;
        if (a >= gate) {
          if (a > peak) {
            peak = a;
            gate = CEILING_RATIO * (peak < 1 ? peak : 1);
          }
          histogram[a < 2 ? (a * HIST_SCALE) | 0 : HIST_BINS - 1]++;
        }
      }
    }
    this.samplePeak = peak;
    const scale = 1 / c;
    const first = this.work[0];
    for (let i = 0; i < n; i++) mono[i] = first[TRUE_PEAK_HISTORY + i] * scale;
    for (let ch = 1; ch < c; ch++) {
      const x = this.work[ch];
      for (let i = 0; i < n; i++) mono[i] += x[TRUE_PEAK_HISTORY + i] * scale;
    }
  }

  /** K-weighted energy per channel, closed into a weighted mean square every 100 ms. */
  private measureLoudness(n: number): void {
    const c = this.channels;
    for (let pos = 0; pos < n; ) {
      const take = Math.min(n - pos, this.subBlockLength - this.subFill);
      const from = TRUE_PEAK_HISTORY + pos;
      let ch = 0;
      // Two channels per loop: their filter chains are independent, so the CPU overlaps them.
      for (; ch + 1 < c; ch += 2) {
        kWeightedEnergyPair(this.work[ch], this.work[ch + 1], from, from + take, this.filter, this.filterState[ch], this.filterState[ch + 1], this.pair);
        this.subEnergy[ch] += this.pair[0];
        this.subEnergy[ch + 1] += this.pair[1];
      }
      if (ch < c) this.subEnergy[ch] += kWeightedEnergy(this.work[ch], from, from + take, this.filter, this.filterState[ch]);
      pos += take;
      this.subFill += take;
      if (this.subFill === this.subBlockLength) this.closeSubBlock();
    }
  }

  private closeSubBlock(): void {
    let z = 0;
    for (let ch = 0; ch < this.channels; ch++) {
      z += this.weights[ch] * this.subEnergy[ch];
      this.subEnergy[ch] = 0;
    }
    if (this.subCount === this.subBlocks.length) {
      const grown = new Float64Array(this.subBlocks.length * 2);
      grown.set(this.subBlocks);
      this.subBlocks = grown;
    }
    this.subBlocks[this.subCount++] = z / this.subBlockLength;
    this.subFill = 0;
  }

  private shareFrom(level: number): number {
    const from = Math.min(HIST_BINS - 1, Math.floor(level * HIST_SCALE));
    let n = 0;
    for (let b = from; b < HIST_BINS; b++) n += this.histogram[b];
    return n / (this.frames * this.channels);
  }

  /**
   * The larger of: the share at or above CLIP_LEVEL_DBFS (clipped at full scale, also after a
   * lossy re-encode that rings around it), and the share within CLIP_WINDOW_DB of the sample
   * peak (a PCM plateau at any level: clipped then turned down, a square wave).
   */
  private clippedShare(): number {
    if (this.frames === 0 || this.samplePeak === 0) return 0;
    return Math.max(this.shareFrom(10 ** (CLIP_LEVEL_DBFS / 20)), this.shareFrom(this.samplePeak * 10 ** (-CLIP_WINDOW_DB / 20)));
  }

  finish(): ClipMeasurements {
    return {
      integratedLufs: integratedLoudness(this.subBlocks, this.subCount),
      truePeakDbtp: db(Math.max(this.truePeak, this.samplePeak)),
      samplePeakDbfs: db(this.samplePeak),
      clippedShare: this.clippedShare(),
      fingerprint: this.fingerprint.finish(),
    };
  }

  get durationSec(): number {
    return this.frames / this.format.sampleRate;
  }
}
