import { join } from 'node:path';
import { analyseFile, type ClipMeasured } from '@lib/audio';
import { ebur128Reference, ffmpegConvert } from '../../libs/audio/src/test-support/ffmpeg-reference';
import { concat, pinkNoise, sine, speechLike } from '../../libs/audio/src/test-support/signals';
import { tempDir } from '../../libs/audio/src/test-support/temp-dir';
import { writeWav } from '../../libs/audio/src/test-support/wav-writer';

// Our analyser against ffmpeg's own ebur128 filter, file by file. Set AUDIO_REPORT=1 to print the table.
const file = tempDir('accuracy');
const FIXTURES = join(__dirname, '../fixtures/audio');
const rows: string[] = [];
afterAll(() => {
  if (process.env.AUDIO_REPORT) console.log(['signal | ours LUFS | ffmpeg LUFS | Δ LU | ours dBTP | ffmpeg dBTP', ...rows].join('\n'));
});

async function measured(path: string): Promise<ClipMeasured> {
  const a = await analyseFile(path);
  if (!a.ok) throw new Error(`${path}: ${a.reason} ${a.detail}`);
  return a;
}

async function compare(name: string, path: string, loudnessTolerance: number, peakTolerance: number): Promise<ClipMeasured> {
  const [ours, ref] = await Promise.all([measured(path), ebur128Reference(path)]);
  rows.push(`${name} | ${ours.integratedLufs?.toFixed(3)} | ${ref.integrated} | ${((ours.integratedLufs ?? NaN) - (ref.integrated ?? NaN)).toFixed(3)} | ${ours.truePeakDbtp?.toFixed(2)} | ${ref.truePeak}`);
  expect(ref.integrated).not.toBeNull();
  expect(Math.abs((ours.integratedLufs as number) - (ref.integrated as number))).toBeLessThanOrEqual(loudnessTolerance);
  expect(Math.abs((ours.truePeakDbtp as number) - (ref.truePeak as number))).toBeLessThanOrEqual(peakTolerance);
  return ours;
}

const mono = (x: Float32Array): Float32Array[] => [x];
const stereo = (l: Float32Array, r: Float32Array): Float32Array[] => [l, r];

describe('BS.1770-4 exact values', () => {
  it('a 1 kHz sine at -23 dBFS reads -26.0 LUFS mono (no +3 dB for mono) and -23.0 LUFS on both stereo channels', async () => {
    const m = await compare('1 kHz −23 dBFS mono 48k', writeWav(file('sine-mono.wav'), mono(sine(1000, -23, 5, 48000)), 48000), 0.2, 0.3);
    expect(m.integratedLufs).toBeCloseTo(-26.0, 1);
    expect(m.truePeakDbtp).toBeCloseTo(-23.0, 1);
    expect(m.samplePeakDbfs).toBeCloseTo(-23.0, 1);
    const s = await compare('1 kHz −23 dBFS stereo 48k', writeWav(file('sine-stereo.wav'), stereo(sine(1000, -23, 5, 48000), sine(1000, -23, 5, 48000)), 48000), 0.2, 0.3);
    expect(s.integratedLufs).toBeCloseTo(-23.0, 1);
    expect(s.channels).toBe(2);
  });

  it('reads the same tone the same at 8 and 16 kHz (filter designed per rate)', async () => {
    const at8 = await compare('1 kHz −23 dBFS mono 8k', writeWav(file('sine8.wav'), mono(sine(1000, -23, 5, 8000)), 8000), 0.3, 0.3);
    const at16 = await compare('1 kHz −23 dBFS mono 16k', writeWav(file('sine16.wav'), mono(sine(1000, -23, 5, 16000)), 16000), 0.2, 0.3);
    expect(at8.integratedLufs).toBeCloseTo(-26.0, 1);
    expect(at16.integratedLufs).toBeCloseTo(-26.0, 1);
  });
});

describe('against ffmpeg ebur128, PCM', () => {
  it('pink noise, stereo 48 kHz', async () => {
    await compare('pink noise stereo 48k', writeWav(file('pink.wav'), stereo(pinkNoise(6, 48000, -20, 1), pinkNoise(6, 48000, -20, 2)), 48000), 0.2, 0.3);
  });

  it('loud–quiet–loud bursts (the relative gate drops the quiet part)', async () => {
    const x = concat(pinkNoise(3, 48000, -20, 3), pinkNoise(3, 48000, -45, 4), pinkNoise(3, 48000, -20, 5));
    const a = await compare('burst −20/−45/−20 48k', writeWav(file('burst.wav'), mono(x), 48000), 0.2, 0.3);
    const loud = await measured(writeWav(file('loud.wav'), mono(concat(pinkNoise(3, 48000, -20, 3), pinkNoise(3, 48000, -20, 5))), 48000));
    // Ungated, the quiet third would pull the level ~1.7 LU down; gated it stays within 0.3 LU of the loud parts.
    expect(Math.abs((a.integratedLufs as number) - (loud.integratedLufs as number))).toBeLessThan(0.3);
  });

  it.each([
    [8000, 0.3],
    [16000, 0.2],
    [48000, 0.2],
  ])('speech-like signal at %i Hz', async (rate, tolerance) => {
    await compare(`speech-like mono ${rate / 1000}k`, writeWav(file(`speech${rate}.wav`), mono(speechLike(6, rate, 7)), rate), tolerance, 0.3);
  });

  it('24-bit, float and extensible WAVs read like 16-bit', async () => {
    const x = stereo(speechLike(4, 44100, 8), pinkNoise(4, 44100, -24, 9));
    const ref = await compare('speech+pink stereo 44.1k pcm16', writeWav(file('p16.wav'), x, 44100), 0.2, 0.3);
    for (const [name, opts] of [
      ['p24.wav', { encoding: 'pcm24' }],
      ['f32.wav', { encoding: 'float32' }],
      ['ext24.wav', { encoding: 'pcm24', extensibleMask: 0x3 }],
      ['p32.wav', { encoding: 'pcm32' }],
      ['p8.wav', { encoding: 'pcm8' }],
    ] as const) {
      const a = await measured(writeWav(file(name), x, 44100, opts));
      expect(Math.abs((a.integratedLufs as number) - (ref.integratedLufs as number))).toBeLessThan(name === 'p8.wav' ? 0.1 : 0.01);
    }
  });
});

describe('against ffmpeg ebur128, lossy (decoded by ffmpeg)', () => {
  const source = (): string => writeWav(file('lossy-src.wav'), mono(speechLike(6, 48000, 9)), 48000);
  it.each([
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
    ['ogg', ['-c:a', 'libopus', '-b:a', '32k']],
    ['m4a', ['-c:a', 'aac', '-b:a', '96k']],
  ])('speech-like %s', async (ext, args) => {
    const a = await compare(`speech-like ${ext}`, await ffmpegConvert(source(), file(`lossy.${ext}`), args), 0.3, 0.5);
    expect(a.durationSec).toBeGreaterThan(5.9);
  });

  it('AMR-NB 12.2 and 4.75 kbit/s (fixtures: Debian ffmpeg cannot encode AMR)', async () => {
    for (const mode of ['mr122', 'mr475']) {
      const a = await compare(`speech-like AMR-NB ${mode}`, join(FIXTURES, `speech-8k-seed21-${mode}.amr`), 0.5, 0.5);
      expect([a.sampleRate, a.channels]).toEqual([8000, 1]);
      expect(a.durationSec).toBeCloseTo(8, 1);
    }
  });
});
