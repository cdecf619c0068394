import { Decimator } from './decimator';
import { Fft } from './fft';
import { encodeFingerprint } from './fingerprint-format';

const WINDOW_SEC = 0.128;
export const FRAME_HOP_SEC = 0.032;
const BANDS = 17; // 16 bits per frame
const LOW_HZ = 300;
const HIGH_HZ = 3000; // inside what an 8 kHz phone clip or AMR-NB keeps
/** Frames this far under the loudest one are silence for matching purposes. */
const SILENCE_BELOW_LOUDEST = 1e-4; // -40 dB
const SILENCE_FLOOR = 1e-9; // mean square, -90 dBFS

/**
 * Haitsma–Kalker style fingerprint of the mono mix: 17 log-spaced bands between 300 Hz and 3 kHz,
 * 128 ms Hann frames every 32 ms, one bit per adjacent band pair = sign of the change of their
 * (log) energy difference from the previous frame. Gain-invariant, and the band layout is in Hz,
 * so the same recording at any sample rate or through a lossy codec gives mostly the same bits.
 */
export class FingerprintExtractor {
  private readonly decimator: Decimator;
  private readonly window: Float64Array;
  private readonly windowPower: number;
  private readonly fft: Fft;
  private readonly bandOf: Int16Array;
  private readonly hop: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private buf = new Float64Array(8192);
  private bufStart = 0; // decimated index of buf[0]
  private bufLen = 0;
  private frame = 0;
  private readonly prev = new Float64Array(BANDS);
  private readonly cur = new Float64Array(BANDS);
  private readonly next = new Float64Array(BANDS);
  /** A windowed frame waits in `re` for its partner. */
  private pending = false;
  private emitted = 0;
  private words = new Uint16Array(256);
  private energy = new Float64Array(256);

  constructor(sampleRate: number) {
    this.decimator = new Decimator(sampleRate);
    const rate = this.decimator.outputRate;
    const w = Math.round(rate * WINDOW_SEC);
    let n = 1;
    while (n < w) n <<= 1;
    this.fft = new Fft(n);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.window = Float64Array.from({ length: w }, (_, i) => 0.5 * (1 - Math.cos((2 * Math.PI * i) / (w - 1))));
    this.windowPower = this.window.reduce((a, v) => a + v * v, 0) * n;
    this.hop = rate * FRAME_HOP_SEC;
    this.bandOf = new Int16Array(n / 2).fill(-1);
    for (let k = 1; k < n / 2; k++) {
      const f = (k * rate) / n;
      if (f < LOW_HZ || f >= HIGH_HZ) continue;
      this.bandOf[k] = Math.min(BANDS - 1, Math.floor((BANDS * Math.log(f / LOW_HZ)) / Math.log(HIGH_HZ / LOW_HZ)));
    }
  }

  /** Feeds n mono samples at the clip's own rate. */
  push(mono: Float64Array, n: number): void {
    this.decimator.push(mono, n, (y, count) => this.append(y, count));
  }

  private append(y: Float64Array, count: number): void {
    if (this.bufLen + count > this.buf.length) {
      // Drop what no future frame needs, then grow if still short.
      const keepFrom = Math.max(0, Math.round(this.frame * this.hop) - this.bufStart);
      this.buf.copyWithin(0, keepFrom, this.bufLen);
      this.bufLen -= keepFrom;
      this.bufStart += keepFrom;
      if (this.bufLen + count > this.buf.length) {
        const grown = new Float64Array(2 * (this.bufLen + count));
        grown.set(this.buf.subarray(0, this.bufLen));
        this.buf = grown;
      }
    }
    this.buf.set(y.subarray(0, count), this.bufLen);
    this.bufLen += count;
    const w = this.window.length;
    for (;;) {
      const start = Math.round(this.frame * this.hop) - this.bufStart;
      if (start + w > this.bufLen) break;
      this.analyseFrame(start);
      this.frame++;
    }
  }

  /**
   * Frames are transformed two at a time: one real frame as the real part, the next as the
   * imaginary part of one complex FFT, separated afterwards (half the FFTs).
   */
  private analyseFrame(start: number): void {
    const { window, buf } = this;
    const w = window.length;
    const target = this.pending ? this.im : this.re;
    for (let i = 0; i < w; i++) target[i] = buf[start + i] * window[i];
    target.fill(0, w);
    if (!this.pending) {
      this.pending = true;
      return;
    }
    this.pending = false;
    this.transformPair(true);
  }

  private transformPair(both: boolean): void {
    const { re, im, bandOf } = this;
    if (!both) im.fill(0);
    this.fft.transform(re, im);
    const n = re.length;
    const a = this.cur.fill(0);
    const b = this.next.fill(0);
    let totalA = 0;
    let totalB = 0;
    for (let k = 1; k < bandOf.length; k++) {
      const band = bandOf[k];
      if (band < 0) continue;
      // Z = A + jB with A, B real: A[k] = (Z[k] + conj Z[n-k]) / 2, B[k] = (Z[k] - conj Z[n-k]) / 2j.
      const zr = re[k], zi = im[k], cr = re[n - k], ci = -im[n - k];
      const ar = (zr + cr) / 2, ai = (zi + ci) / 2;
      const br = (zi - ci) / 2, bi = -(zr - cr) / 2;
      const pa = ar * ar + ai * ai;
      const pb = br * br + bi * bi;
      a[band] += pa;
      b[band] += pb;
      totalA += pa;
      totalB += pb;
    }
    this.emit(a, totalA);
    if (both) this.emit(b, totalB);
  }

  /** One frame's band energies become its 16 bits (against the previous frame) and its level. */
  private emit(cur: Float64Array, total: number): void {
    const prev = this.prev;
    for (let m = 0; m < BANDS; m++) cur[m] = Math.log(cur[m] + 1e-20);
    let word = 0;
    if (this.emitted > 0) {
      for (let m = 0; m < BANDS - 1; m++) {
        if (cur[m] - cur[m + 1] - (prev[m] - prev[m + 1]) > 0) word |= 1 << m;
      }
    }
    this.store(word, (2 * total) / this.windowPower);
    prev.set(cur);
    this.emitted++;
  }

  private store(word: number, meanSquare: number): void {
    if (this.emitted >= this.words.length) {
      const words = new Uint16Array(this.words.length * 2);
      words.set(this.words);
      this.words = words;
      const energy = new Float64Array(this.energy.length * 2);
      energy.set(this.energy);
      this.energy = energy;
    }
    this.words[this.emitted] = word;
    this.energy[this.emitted] = meanSquare;
  }

  finish(): string {
    if (this.pending) {
      this.pending = false;
      this.transformPair(false);
    }
    const frames = this.emitted;
    let loudest = 0;
    for (let i = 0; i < frames; i++) loudest = Math.max(loudest, this.energy[i]);
    const floor = Math.max(SILENCE_FLOOR, loudest * SILENCE_BELOW_LOUDEST);
    const valid = new Uint8Array(frames);
    for (let i = 1; i < frames; i++) valid[i] = this.energy[i] >= floor && this.energy[i - 1] >= floor ? 1 : 0;
    return encodeFingerprint({ frames, words: this.words.subarray(0, frames), valid });
  }
}
