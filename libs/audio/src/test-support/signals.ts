/** Deterministic test signals (planar Float32Array per channel). */

/** mulberry32: a small seeded PRNG, so every run writes the same files. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dbToLinear = (db: number): number => 10 ** (db / 20);

/** Sine with its peak at `peakDbfs`. */
export function sine(freq: number, peakDbfs: number, seconds: number, rate: number): Float32Array {
  const n = Math.round(seconds * rate);
  const a = dbToLinear(peakDbfs);
  return Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** Pink noise (Paul Kellet's filter over white noise) scaled to `rmsDbfs`. */
export function pinkNoise(seconds: number, rate: number, rmsDbfs: number, seed: number): Float32Array {
  const r = rng(seed);
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (let i = 0; i < n; i++) {
    const w = r() * 2 - 1;
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
  return scaleToRms(out, rmsDbfs);
}

export function scaleToRms(x: Float32Array, rmsDbfs: number): Float32Array {
  let sum = 0;
  for (const v of x) sum += v * v;
  const g = dbToLinear(rmsDbfs) / Math.sqrt(sum / x.length);
  return x.map((v) => v * g);
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const silence = (seconds: number, rate: number): Float32Array => new Float32Array(Math.round(seconds * rate));

/**
 * Speech-like: syllables (120–320 ms) of a harmonic series on a gliding pitch, shaped by two
 * moving formants, with some noise-burst consonants and pauses between. Peak-normalised to `peakDbfs`.
 */
export function speechLike(seconds: number, rate: number, seed: number, peakDbfs = -3): Float32Array {
  const r = rng(seed);
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n);
  const nyquist = rate / 2;
  let t = Math.round(0.05 * rate);
  while (t < n) {
    const len = Math.round((0.12 + 0.2 * r()) * rate);
    const f0a = 110 + 140 * r();
    const f0b = f0a * (0.8 + 0.4 * r());
    const f1 = 300 + 600 * r();
    const f2 = 900 + 1800 * r();
    const level = 0.4 + 0.6 * r();
    const fricative = r() < 0.3;
    let phase = 0;
    for (let i = 0; i < len && t + i < n; i++) {
      const u = i / len;
      const env = level * Math.sin(Math.PI * u) ** 0.7;
      const f0 = f0a + (f0b - f0a) * u;
      phase += (2 * Math.PI * f0) / rate;
      // sin(k·phase) by the Chebyshev recurrence: one Math.sin per sample, not one per harmonic.
      const c2 = 2 * Math.cos(phase);
      let sPrev = 0;
      let sCur = Math.sin(phase);
      let v = 0;
      for (let k = 1; k * f0 < Math.min(3800, nyquist * 0.9); k++) {
        const f = k * f0;
        const formant = 1 / (1 + ((f - f1) / 150) ** 2) + 0.6 / (1 + ((f - f2) / 250) ** 2);
        v += (formant / Math.sqrt(k)) * sCur;
        const sNext = c2 * sCur - sPrev;
        sPrev = sCur;
        sCur = sNext;
      }
      if (fricative && u < 0.25) v += 0.6 * (r() * 2 - 1);
      out[t + i] += env * v;
    }
    t += len + Math.round((0.04 + 0.25 * r()) * rate);
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const g = dbToLinear(peakDbfs) / peak;
  return out.map((v) => v * g);
}

/** Square wave with its level at `peakDbfs`. */
export function square(freq: number, peakDbfs: number, seconds: number, rate: number): Float32Array {
  const a = dbToLinear(peakDbfs);
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => (Math.sin((2 * Math.PI * freq * i) / rate) >= 0 ? a : -a));
}

/** Gain then hard clipping at full scale (the "+20 dB shout" cheat). */
export function hardClip(x: Float32Array, gainDb: number): Float32Array {
  const g = dbToLinear(gainDb);
  return x.map((v) => Math.max(-1, Math.min(1, v * g)));
}
