/** Samples of history the interpolator needs before each new sample. */
export const TRUE_PEAK_HISTORY = 11;
const TAPS = 49;
const FACTOR = 4;
const SKIP_BLOCK = 16;

/**
 * The 4× interpolation filter of BS.1770-4 Annex 2, designed as libebur128 does: a 49-tap
 * Hann-windowed sinc cut at the original Nyquist. Phase 0 is then the sample itself (sinc zeros),
 * so only phases 1–3 (12 taps each) are computed; phase 3 mirrors phase 1 and phase 2 is
 * symmetric, which halves the multiplies.
 */
export function designInterpolator(): Float64Array[] {
  const h = new Float64Array(TAPS);
  const mid = (TAPS - 1) / 2;
  for (let j = 0; j < TAPS; j++) {
    const m = j - mid;
    const x = (m * Math.PI) / FACTOR;
    h[j] = (m === 0 ? 1 : Math.sin(x) / x) * 0.5 * (1 - Math.cos((2 * Math.PI * j) / (TAPS - 1)));
  }
  return [1, 2, 3].map((p) => Float64Array.from({ length: 12 }, (_, i) => h[p + FACTOR * i]));
}

const [H1, H2] = designInterpolator();
const E = Float64Array.from({ length: 6 }, (_, i) => H1[i] + H1[11 - i]);
const O = Float64Array.from({ length: 6 }, (_, i) => H1[i] - H1[11 - i]);
const G = H2.subarray(0, 6);
const l1 = (h: Float64Array, from = 0, to = h.length): number => h.subarray(from, to).reduce((a, v) => a + Math.abs(v), 0);
/** No interpolated value can exceed this many times the largest sample under the filter. */
const GAIN_BOUND = Math.max(l1(H1), l1(H2));
/**
 * Per interval: |y| <= NEAR * max(the two samples it lies between) + FAR * (largest sample under
 * the filter), the two centre taps and the other ten taken apart (worst phase of each).
 */
const NEAR = Math.max(Math.abs(H1[5]) + Math.abs(H1[6]), Math.abs(H2[5]) + Math.abs(H2[6]));
const FAR = Math.max(l1(H1) - Math.abs(H1[5]) - Math.abs(H1[6]), l1(H2) - Math.abs(H2[5]) - Math.abs(H2[6]));

/**
 * Largest |interpolated value| over x[11..11+n), where x[0..11) holds the previous samples of the
 * same channel. Blocks, then intervals, that cannot reach the peak so far (by the filter's L1
 * gains) are skipped: exact, and most of a clip once its loudest moments have been seen.
 */
export function interpolatedPeak(x: Float64Array, n: number, floor: number): number {
  // Plain locals (array destructuring would go through the iterator protocol and stay slow).
  const e0 = E[0], e1 = E[1], e2 = E[2], e3 = E[3], e4 = E[4], e5 = E[5];
  const o0 = O[0], o1 = O[1], o2 = O[2], o3 = O[3], o4 = O[4], o5 = O[5];
  const g0 = G[0], g1 = G[1], g2 = G[2], g3 = G[3], g4 = G[4], g5 = G[5];
  let peak = floor;
  for (let b = 0; b < n; b += SKIP_BLOCK) {
    const end = Math.min(n, b + SKIP_BLOCK);
    let reach = 0;
    for (let j = b; j < end + TRUE_PEAK_HISTORY; j++) {
      const a = Math.abs(x[j]);
      if (a > reach) reach = a;
    }
    if (reach * GAIN_BOUND <= peak) continue;
    const far = FAR * reach;
    for (let i = b; i < end; i++) {
      const n5 = x[i + 6] < 0 ? -x[i + 6] : x[i + 6];
      const n6 = x[i + 5] < 0 ? -x[i + 5] : x[i + 5];
      if (NEAR * (n5 > n6 ? n5 : n6) + far <= peak) continue;
      // x_k = x[n - k]: xs[i + 11 - k]
      const s0 = x[i + 11] + x[i];
      const d0 = x[i + 11] - x[i];
      const s1 = x[i + 10] + x[i + 1];
      const d1 = x[i + 10] - x[i + 1];
      const s2 = x[i + 9] + x[i + 2];
      const d2 = x[i + 9] - x[i + 2];
      const s3 = x[i + 8] + x[i + 3];
      const d3 = x[i + 8] - x[i + 3];
      const s4 = x[i + 7] + x[i + 4];
      const d4 = x[i + 7] - x[i + 4];
      const s5 = x[i + 6] + x[i + 5];
      const d5 = x[i + 6] - x[i + 5];
      const sym = e0 * s0 + e1 * s1 + e2 * s2 + e3 * s3 + e4 * s4 + e5 * s5;
      const anti = o0 * d0 + o1 * d1 + o2 * d2 + o3 * d3 + o4 * d4 + o5 * d5;
      // Phases 1 and 3 are (sym ± anti) / 2: the larger magnitude is (|sym| + |anti|) / 2.
      const p13 = (Math.abs(sym) + Math.abs(anti)) * 0.5;
      const p2 = Math.abs(g0 * s0 + g1 * s1 + g2 * s2 + g3 * s3 + g4 * s4 + g5 * s5);
      if (p13 > peak) peak = p13;
      if (p2 > peak) peak = p2;
    }
  }
  return peak;
}
