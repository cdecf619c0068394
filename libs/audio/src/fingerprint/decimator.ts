/** Zeroth-order modified Bessel function of the first kind (Kaiser window). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Kaiser-windowed sinc low-pass: `cutoffHz` at -6 dB, ~50 dB stop band `transitionHz` wide. */
export function designLowPass(sampleRate: number, cutoffHz: number, transitionHz: number): Float64Array {
  const attenuation = 50;
  const dw = (2 * Math.PI * transitionHz) / sampleRate;
  let taps = Math.ceil((attenuation - 8) / (2.285 * dw)) + 1;
  if (taps % 2 === 0) taps++;
  const beta = 0.1102 * (attenuation - 8.7);
  const fc = cutoffHz / sampleRate;
  const mid = (taps - 1) / 2;
  const h = new Float64Array(taps);
  let sum = 0;
  for (let k = 0; k < taps; k++) {
    const m = k - mid;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const r = m / mid;
    h[k] = sinc * (besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta));
    sum += h[k];
  }
  for (let k = 0; k < taps; k++) h[k] /= sum; // unity gain at DC
  return h;
}

/**
 * Integer-factor decimator (polyphase: only kept outputs are computed), streaming. Brings every
 * clip to 8–16 kHz so fingerprints of the same recording at 8, 16 and 48 kHz line up.
 */
export class Decimator {
  readonly factor: number;
  readonly outputRate: number;
  private readonly h: Float64Array;
  private buf = new Float64Array(0);
  /** Reused for every call: the receiver copies what it keeps. */
  private out = new Float64Array(0);
  private held = 0;
  /** Buffer index of the newest input sample of the next output. */
  private next: number;

  constructor(sampleRate: number, targetRate = 8000) {
    this.factor = Math.max(1, Math.floor(sampleRate / targetRate));
    this.outputRate = sampleRate / this.factor;
    // Pass 0–3 kHz (the fingerprint bands) and stop from outputRate - 3 kHz, whose aliases would
    // land below 3 kHz: cut-off at the output Nyquist, transition outputRate - 6 kHz wide.
    this.h = this.factor === 1 ? Float64Array.of(1) : designLowPass(sampleRate, this.outputRate / 2, this.outputRate - 6000);
    this.held = this.h.length - 1;
    this.buf = new Float64Array(this.held + 4096);
    this.next = this.held;
  }

  /** Feeds x[0..n) and hands the decimated samples to `out`. */
  push(x: Float64Array, n: number, out: (y: Float64Array, count: number) => void): void {
    const taps = this.h.length;
    if (this.buf.length < this.held + n) {
      const grown = new Float64Array(this.held + n);
      grown.set(this.buf.subarray(0, this.held));
      this.buf = grown;
    }
    this.buf.set(x.subarray(0, n), this.held);
    const len = this.held + n;
    const count = this.next < len ? Math.ceil((len - this.next) / this.factor) : 0;
    if (this.out.length < count) this.out = new Float64Array(count);
    const y = this.out;
    const { h, buf, factor } = this;
    const mid = (taps - 1) >> 1; // odd, symmetric: fold the two halves, half the multiplies
    let p = this.next;
    for (let j = 0; j < count; j++, p += factor) {
      let acc = h[mid] * buf[p - mid];
      for (let k = 0; k < mid; k++) acc += h[k] * (buf[p - k] + buf[p - taps + 1 + k]);
      y[j] = acc;
    }
    // Keep the last taps-1 samples as history for the next call.
    const keep = taps - 1;
    buf.copyWithin(0, len - keep, len);
    this.next = p - (len - keep);
    this.held = keep;
    if (count > 0) out(y, count);
  }
}
