/** A decoded fingerprint: 16 bits per 32 ms frame, and which frames carried sound. */
export interface Fingerprint {
  frames: number;
  words: Uint16Array;
  /** 1 where the frame (and the one before it) held sound; silence carries no evidence. */
  valid: Uint8Array;
}

const PREFIX = 'af1.';
const MAX_FRAMES = 1 << 20;

/** `af1.` + base64url(frame count u32 LE, 16-bit words LE, validity bitmap). */
export function encodeFingerprint(fp: Fingerprint): string {
  const maskBytes = Math.ceil(fp.frames / 8);
  const out = Buffer.alloc(4 + fp.frames * 2 + maskBytes);
  out.writeUInt32LE(fp.frames, 0);
  for (let i = 0; i < fp.frames; i++) {
    out.writeUInt16LE(fp.words[i], 4 + 2 * i);
    if (fp.valid[i]) out[4 + fp.frames * 2 + (i >> 3)] |= 1 << (i & 7);
  }
  return PREFIX + out.toString('base64url');
}

/** Null for anything that is not a well-formed fingerprint (never throws on stored data). */
export function decodeFingerprint(text: string): Fingerprint | null {
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) return null;
  const raw = Buffer.from(text.slice(PREFIX.length), 'base64url');
  if (raw.length < 4) return null;
  const frames = raw.readUInt32LE(0);
  if (frames > MAX_FRAMES || raw.length !== 4 + frames * 2 + Math.ceil(frames / 8)) return null;
  const words = new Uint16Array(frames);
  const valid = new Uint8Array(frames);
  for (let i = 0; i < frames; i++) {
    words[i] = raw.readUInt16LE(4 + 2 * i);
    valid[i] = (raw[4 + frames * 2 + (i >> 3)] >> (i & 7)) & 1;
  }
  return { frames, words, valid };
}
