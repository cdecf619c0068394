import { analyseFile } from '../analyse-file';
import { concat, pinkNoise, silence, speechLike } from '../test-support/signals';
import { tempDir } from '../test-support/temp-dir';
import { writeWav } from '../test-support/wav-writer';
import { decodeFingerprint, encodeFingerprint } from './fingerprint-format';
import { compareFingerprints, fingerprintsMatch } from './fingerprint-match';

const file = tempDir('fingerprint');

async function fingerprintOf(name: string, x: Float32Array, rate = 16000): Promise<string> {
  const a = await analyseFile(writeWav(file(name), [x], rate));
  if (!a.ok) throw new Error(a.detail);
  return a.fingerprint;
}

describe('acoustic fingerprint', () => {
  const voice = speechLike(6, 16000, 31);
  let original = '';
  beforeAll(async () => {
    original = await fingerprintOf('original.wav', voice);
  });

  it('is compact: 2 bytes per 32 ms frame, about 250 characters per second', () => {
    expect(original.length).toBeLessThan(6 * 260);
    expect(decodeFingerprint(original)?.frames).toBe(Math.floor((6 - 0.128) / 0.032) + 1);
  });

  it('matches the same recording louder, trimmed, or behind silence', async () => {
    const louder = await fingerprintOf('louder.wav', voice.map((v) => v * 1.8));
    const trimmed = await fingerprintOf('trimmed.wav', voice.subarray(Math.round(0.73 * 16000)));
    const padded = await fingerprintOf('padded.wav', concat(silence(2.5, 16000), voice));
    expect(compareFingerprints(original, original)?.bitErrorRate).toBe(0);
    for (const copy of [louder, trimmed, padded]) expect(fingerprintsMatch(original, copy)).toBe(true);
    expect(compareFingerprints(original, trimmed)?.offsetFrames).toBeCloseTo(-23, -1);
  });

  it('does not match a different recording of similar loudness, nor noise', async () => {
    const other = await fingerprintOf('other.wav', speechLike(6, 16000, 32));
    const noise = await fingerprintOf('noise.wav', pinkNoise(6, 16000, -20, 3));
    expect(fingerprintsMatch(original, other)).toBe(false);
    expect(fingerprintsMatch(original, noise)).toBe(false);
    expect(fingerprintsMatch(noise, await fingerprintOf('noise2.wav', pinkNoise(6, 16000, -20, 4)))).toBe(false);
  });

  it('never matches on silence, nor on what is not a fingerprint', async () => {
    const quiet = await fingerprintOf('silence.wav', silence(3, 16000));
    expect(fingerprintsMatch(quiet, quiet)).toBe(false);
    for (const junk of ['', 'af1.', 'af1.AAAA', 'sha256:abc', original.slice(0, -3)]) expect(fingerprintsMatch(original, junk)).toBe(false);
  });

  it('round-trips through its text form', () => {
    const fp = { frames: 3, words: Uint16Array.of(1, 0xffff, 0x1234), valid: Uint8Array.of(0, 1, 1) };
    expect(decodeFingerprint(encodeFingerprint(fp))).toEqual(fp);
  });
});
