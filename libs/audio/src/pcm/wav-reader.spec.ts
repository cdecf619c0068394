import { openSync, closeSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { analyseFile } from '../analyse-file';
import { encodeWav } from '../test-support/wav-writer';
import { sine } from '../test-support/signals';
import { tempDir } from '../test-support/temp-dir';

const file = tempDir('wav');

/** A canonical 44-byte PCM header; `dataBytes` is what the data chunk claims. */
function header(dataBytes: number, rate = 48000, channels = 1, bits = 16): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE((rate * channels * bits) / 8, 28);
  h.writeUInt16LE((channels * bits) / 8, 32);
  h.writeUInt16LE(bits, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

describe('native WAV reading', () => {
  it('reads 8/16/24/32-bit PCM, float32 and WAVE_FORMAT_EXTENSIBLE alike', async () => {
    const x = [sine(1000, -23, 2, 16000)];
    for (const opts of [{ encoding: 'pcm16' }, { encoding: 'pcm24' }, { encoding: 'pcm32' }, { encoding: 'float32' }, { encoding: 'pcm24', extensibleMask: 0x4 }, { encoding: 'pcm8' }] as const) {
      const path = file(`${opts.encoding}-${'extensibleMask' in opts ? 'ext' : 'plain'}.wav`);
      writeFileSync(path, encodeWav(x, 16000, opts));
      const a = await analyseFile(path);
      if (!a.ok) throw new Error(a.detail);
      expect([a.sampleRate, a.channels, a.durationSec]).toEqual([16000, 1, 2]);
      // 8-bit holds this tone in ±9 steps: its quantisation costs a few tenths of a dB.
      expect(Math.abs((a.integratedLufs as number) + 25.96)).toBeLessThan(opts.encoding === 'pcm8' ? 0.5 : 0.01);
    }
  });

  it('weighs surround channels 1.41 and ignores LFE by the extensible channel mask', async () => {
    const tone = sine(1000, -23, 2, 48000);
    const silent = new Float32Array(tone.length);
    const at = async (position: number): Promise<number | null> => {
      const channels = Array.from({ length: 6 }, (_, i) => (i === position ? tone : silent));
      const path = file(`51-${position}.wav`);
      writeFileSync(path, encodeWav(channels, 48000, { encoding: 'pcm16', extensibleMask: 0x3f })); // L R C LFE Ls Rs
      const a = await analyseFile(path);
      return a.ok ? a.integratedLufs : null;
    };
    const front = (await at(0)) as number;
    expect(front).toBeCloseTo(-26, 1);
    expect((await at(4)) as number).toBeCloseTo(front + 10 * Math.log10(1.41), 1);
    expect(await at(3)).toBeNull(); // only the LFE sounds: nothing to gate
  });

  it('refuses, fast and without reading it, a header claiming 2^31 bytes in a small file', async () => {
    const path = file('claims-2g.wav');
    writeFileSync(path, Buffer.concat([header(2 ** 31), Buffer.alloc(4000)]));
    const started = performance.now();
    const a = await analyseFile(path);
    expect(performance.now() - started).toBeLessThan(100);
    expect(a).toMatchObject({ ok: false, reason: 'UNDECODABLE', detail: expect.stringContaining('claims 2147483648 bytes') });
  });

  it('calls an hours-long silence TOO_LONG from its header, before decoding any of it', async () => {
    const path = file('three-hours.wav');
    const dataBytes = 3 * 3600 * 8000 * 2; // 3 h of 8 kHz 16-bit silence, written sparse
    const fd = openSync(path, 'w');
    writeSync(fd, header(dataBytes, 8000));
    ftruncateSync(fd, 44 + dataBytes);
    closeSync(fd);
    expect(await analyseFile(path)).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
    const started = performance.now();
    const a = await analyseFile(path, { maxBytes: 2 ** 30 });
    expect(performance.now() - started).toBeLessThan(100);
    expect(a).toMatchObject({ ok: false, reason: 'TOO_LONG', durationSec: 10800 });
  });

  it('reads a streamed WAV whose sizes say "unknown" (0xFFFFFFFF) to the end of the file', async () => {
    const body = encodeWav([sine(1000, -23, 1, 8000)], 8000).subarray(44);
    const h = header(0xffffffff, 8000);
    const path = file('streamed.wav');
    writeFileSync(path, Buffer.concat([h, body]));
    expect(await analyseFile(path)).toMatchObject({ ok: true, durationSec: 1 });
  });

  it.each([
    ['no fmt chunk', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEdata\x04\x00\x00\x00', 'latin1'), Buffer.alloc(4)])],
    ['a chunk running past the end', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVELIST\xff\xff\x00\x00', 'latin1'), Buffer.alloc(16)])],
    ['impossible layout', (() => { const h = header(64); h.writeUInt16LE(0, 22); return Buffer.concat([h, Buffer.alloc(64)]); })()],
    ['12-bit PCM', (() => { const h = header(64); h.writeUInt16LE(12, 34); return Buffer.concat([h, Buffer.alloc(64)]); })()],
  ])('calls %s UNDECODABLE', async (_name, bytes) => {
    const path = file(`bad-${_name.replace(/\W/g, '')}.wav`);
    writeFileSync(path, bytes);
    expect(await analyseFile(path)).toMatchObject({ ok: false, reason: 'UNDECODABLE' });
  });

  it('calls garbage and empty files UNDECODABLE, and rejects a missing path', async () => {
    writeFileSync(file('garbage.bin'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    expect(await analyseFile(file('garbage.bin'))).toMatchObject({ ok: false, reason: 'UNDECODABLE', detail: 'not a supported audio format' });
    writeFileSync(file('empty.wav'), '');
    expect(await analyseFile(file('empty.wav'))).toMatchObject({ ok: false, reason: 'UNDECODABLE', detail: 'empty file' });
    await expect(analyseFile(file('missing.wav'))).rejects.toThrow(/ENOENT/);
  });

  it('gives no loudness to a clip shorter than one 400 ms block, and to digital silence', async () => {
    writeFileSync(file('short.wav'), encodeWav([sine(1000, -10, 0.3, 16000)], 16000));
    expect(await analyseFile(file('short.wav'))).toMatchObject({ ok: true, integratedLufs: null, durationSec: 0.3 });
    writeFileSync(file('silence.wav'), encodeWav([new Float32Array(16000 * 2)], 16000));
    expect(await analyseFile(file('silence.wav'))).toMatchObject({ ok: true, integratedLufs: null, truePeakDbtp: null, samplePeakDbfs: null });
  });
});
