import { FRAME_HOP_SEC } from './fingerprint-extractor';
import { decodeFingerprint, type Fingerprint } from './fingerprint-format';

/** Same recording below this bit-error rate (re-encodes measure ~0.05–0.2, different clips ~0.5). */
export const DEFAULT_DUPLICATE_MAX_BER = 0.3;
const BITS = 16;
/** Alignments searched: ±2 s around no shift and around the two clips' first sounding frames. */
const SEARCH = Math.round(2 / FRAME_HOP_SEC);
/** At least 0.5 s of sound in common, and half of the shorter clip's sound. */
const MIN_FRAMES = Math.round(0.5 / FRAME_HOP_SEC);
const MIN_SHARE = 0.5;
/** An alignment is dropped once it is clearly random (checked every 32 common frames). */
const ABANDON_BER = 0.42;

const POPCOUNT = (() => {
  const t = new Uint8Array(1 << BITS);
  for (let i = 1; i < t.length; i++) t[i] = t[i >> 1] + (i & 1);
  return t;
})();

export interface FingerprintComparison {
  bitErrorRate: number;
  /** Frames of b ahead of a at the best alignment (× 32 ms). */
  offsetFrames: number;
  commonFrames: number;
}

function firstValid(fp: Fingerprint): number {
  const i = fp.valid.indexOf(1);
  return i < 0 ? 0 : i;
}

function countValid(fp: Fingerprint): number {
  let n = 0;
  for (let i = 0; i < fp.frames; i++) n += fp.valid[i];
  return n;
}

function errorsAt(a: Fingerprint, b: Fingerprint, offset: number): { errors: number; common: number } {
  let errors = 0;
  let common = 0;
  const from = Math.max(0, -offset);
  const to = Math.min(a.frames, b.frames - offset);
  for (let i = from; i < to; i++) {
    if (a.valid[i] === 0 || b.valid[i + offset] === 0) continue;
    errors += POPCOUNT[a.words[i] ^ b.words[i + offset]];
    common++;
    if ((common & 31) === 0 && errors > ABANDON_BER * BITS * common) return { errors, common: -1 };
  }
  return { errors, common };
}

/** Best alignment of two fingerprints, or null when they never share enough sound to compare. */
export function compareFingerprints(aText: string, bText: string): FingerprintComparison | null {
  const a = decodeFingerprint(aText);
  const b = decodeFingerprint(bText);
  if (!a || !b) return null;
  const need = Math.max(MIN_FRAMES, Math.ceil(MIN_SHARE * Math.min(countValid(a), countValid(b))));
  const onset = firstValid(b) - firstValid(a);
  const offsets = new Set<number>();
  for (let d = -SEARCH; d <= SEARCH; d++) {
    offsets.add(d);
    offsets.add(onset + d);
  }
  let best: FingerprintComparison | null = null;
  for (const offset of offsets) {
    const { errors, common } = errorsAt(a, b, offset);
    if (common < need) continue;
    const ber = errors / (BITS * common);
    if (!best || ber < best.bitErrorRate) best = { bitErrorRate: ber, offsetFrames: offset, commonFrames: common };
  }
  return best;
}

/** True when b is the same recording as a (byte copy, re-encode, resample, gain change or trim). */
export function fingerprintsMatch(a: string, b: string, maxBitErrorRate = DEFAULT_DUPLICATE_MAX_BER): boolean {
  const c = compareFingerprints(a, b);
  return c !== null && c.bitErrorRate <= maxBitErrorRate;
}
