/** One biquad, a0 normalised to 1: y = b0 x + b1 x[-1] + b2 x[-2] - a1 y[-1] - a2 y[-2]. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export interface KWeighting {
  /** Stage 1: the head's high-frequency shelf (+4 dB above ~1.7 kHz). */
  shelf: Biquad;
  /** Stage 2: the RLB high-pass (~38 Hz). */
  highPass: Biquad;
}

/**
 * BS.1770-4 K-weighting designed for any sample rate from the analog prototype by the bilinear
 * transform, as libebur128 does (the standard tabulates only 48 kHz; phones send 8 and 16 kHz).
 * At 48 kHz this reproduces the standard's coefficients to ~1e-8.
 */
export function designKWeighting(sampleRate: number): KWeighting {
  // Shelf: analog centre frequency, gain and Q fitted to the standard's 48 kHz filter.
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = 10 ** (gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  // High-pass: the numerator stays (1, -2, 1) unnormalised, exactly as the standard gives it.
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + k / q + k * k;
  const highPass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / q + k * k) / a0 };
  return { shelf, highPass };
}

/**
 * K-weights x[from..to) through both stages (transposed direct form II; state in s[0..3]) and
 * returns the sum of squares of the output: the only thing BS.1770 needs from the filtered signal.
 */
export function kWeightedEnergy(x: Float64Array, from: number, to: number, f: KWeighting, s: Float64Array): number {
  const { b0, b1, b2, a1, a2 } = f.shelf;
  const c1 = f.highPass.a1;
  const c2 = f.highPass.a2;
  let s1 = s[0];
  let s2 = s[1];
  let t1 = s[2];
  let t2 = s[3];
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    const y = b0 * v + s1;
    s1 = b1 * v - a1 * y + s2;
    s2 = b2 * v - a2 * y;
    const z = y + t1;
    t1 = -2 * y - c1 * z + t2;
    t2 = y - c2 * z;
    sum += z * z;
  }
  // Flush state decaying into subnormals (silence after sound), which slows the FPU badly.
  s[0] = Math.abs(s1) < 1e-25 ? 0 : s1;
  s[1] = Math.abs(s2) < 1e-25 ? 0 : s2;
  s[2] = Math.abs(t1) < 1e-25 ? 0 : t1;
  s[3] = Math.abs(t2) < 1e-25 ? 0 : t2;
  return sum;
}

/** kWeightedEnergy for two channels at once (energies into out[0], out[1]): same maths, twice the throughput. */
export function kWeightedEnergyPair(
  x: Float64Array, w: Float64Array, from: number, to: number, f: KWeighting, s: Float64Array, r: Float64Array, out: Float64Array,
): void {
  const { b0, b1, b2, a1, a2 } = f.shelf;
  const c1 = f.highPass.a1;
  const c2 = f.highPass.a2;
  let s1 = s[0], s2 = s[1], t1 = s[2], t2 = s[3];
  let r1 = r[0], r2 = r[1], q1 = r[2], q2 = r[3];
  let sumA = 0;
  let sumB = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    const u = w[i];
    const y = b0 * v + s1;
    const yb = b0 * u + r1;
    s1 = b1 * v - a1 * y + s2;
    r1 = b1 * u - a1 * yb + r2;
    s2 = b2 * v - a2 * y;
    r2 = b2 * u - a2 * yb;
    const z = y + t1;
    const zb = yb + q1;
    t1 = -2 * y - c1 * z + t2;
    q1 = -2 * yb - c1 * zb + q2;
    t2 = y - c2 * z;
    q2 = yb - c2 * zb;
    sumA += z * z;
    sumB += zb * zb;
  }
  const flush = (v: number): number => (Math.abs(v) < 1e-25 ? 0 : v);
  s[0] = flush(s1); s[1] = flush(s2); s[2] = flush(t1); s[3] = flush(t2);
  r[0] = flush(r1); r[1] = flush(r2); r[2] = flush(q1); r[3] = flush(q2);
  out[0] = sumA;
  out[1] = sumB;
}
