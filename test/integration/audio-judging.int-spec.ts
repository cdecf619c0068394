import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseFile, analyseInSandbox, DEFAULT_VOICE_RULES, judgeClip, type ClipAnalysis, type JudgeContext } from '@lib/audio';
import { ffmpegConvert, ffmpegGenerate } from '../../libs/audio/src/test-support/ffmpeg-reference';
import { hardClip, pinkNoise, silence, sine, speechLike, square } from '../../libs/audio/src/test-support/signals';
import { tempDir } from '../../libs/audio/src/test-support/temp-dir';
import { encodeWav, writeWav } from '../../libs/audio/src/test-support/wav-writer';

// The anti-cheat rules end to end: real files (WAV written here, lossy ones by ffmpeg), real
// decoding, judged with the default rules.
const file = tempDir('judging');
const FIXTURES = join(__dirname, '../fixtures/audio');
const fresh: JudgeContext = { entriesSoFar: 0, earlier: [] };
const judge = (a: ClipAnalysis, ctx: JudgeContext = fresh) => judgeClip(a, DEFAULT_VOICE_RULES, ctx);
const wav = (name: string, x: Float32Array, rate = 48000): string => writeWav(file(name), [x], rate);
const mp3 = (src: string, name: string): Promise<string> => ffmpegConvert(src, file(name), ['-c:a', 'libmp3lame', '-b:a', '96k']);

describe('voice-shout judging on real files', () => {
  const shout = speechLike(5, 48000, 41, -1);

  it('accepts a natural shout, in WAV and MP3', async () => {
    const w = wav('shout.wav', shout);
    for (const path of [w, await mp3(w, 'shout.mp3')]) {
      const a = await analyseFile(path);
      expect(judge(a)).toMatchObject({ verdict: 'accepted', reason: null });
      if (a.ok) expect(a.clippedShare).toBeLessThan(0.005);
    }
  });

  // Not caught: clipped, turned down, then lossy-encoded (the plateau no longer sits at the peak
  // nor at full scale); the attenuation also takes most of the loudness it gained.
  it('calls a square wave and a +20 dB hard-clipped shout CLIPPED, even turned down or through MP3/AAC', async () => {
    const clipped = wav('clipped.wav', hardClip(shout, 20));
    const cases = [
      wav('square.wav', square(220, 0, 5, 48000)),
      wav('square-6db.wav', square(220, -6, 5, 48000)),
      clipped,
      wav('clipped-down.wav', hardClip(shout, 20).map((v) => v * 0.5)),
      await mp3(clipped, 'clipped.mp3'),
      await ffmpegConvert(clipped, file('clipped.m4a'), ['-c:a', 'aac', '-b:a', '64k']),
      await mp3(wav('clipped-10db.wav', hardClip(shout, 10)), 'clipped-10db.mp3'),
    ];
    for (const path of cases) {
      const a = await analyseFile(path);
      expect({ path, reason: judge(a).reason }).toEqual({ path, reason: 'CLIPPED' });
    }
    // The clipped shout would have won on loudness alone.
    const [fair, cheat] = await Promise.all([analyseFile(file('shout.wav')), analyseFile(clipped)]);
    if (!fair.ok || !cheat.ok) throw new Error('analysis failed');
    expect((cheat.integratedLufs as number) - (fair.integratedLufs as number)).toBeGreaterThan(8);
  });

  it('calls silence and near-silence SILENCE, and too short or too long clips so', async () => {
    expect(judge(await analyseFile(wav('silence.wav', silence(3, 16000), 16000))).reason).toBe('SILENCE');
    expect(judge(await analyseFile(wav('hiss.wav', pinkNoise(3, 16000, -62, 2), 16000))).reason).toBe('SILENCE');
    expect(judge(await analyseFile(wav('blip.wav', speechLike(0.4, 16000, 3), 16000))).reason).toBe('TOO_SHORT');
    const long = await analyseFile(wav('long.wav', speechLike(31, 8000, 4), 8000));
    expect(long).toMatchObject({ ok: true, durationSec: 31 });
    expect(judge(long).reason).toBe('TOO_LONG');
  });

  it('counts entries per person from the number it is given', async () => {
    const a = await analyseFile(file('shout.wav'));
    expect(judge(a, { ...fresh, entriesSoFar: 2 }).verdict).toBe('accepted');
    expect(judge(a, { ...fresh, entriesSoFar: 3 }).reason).toBe('TOO_MANY_ENTRIES');
  });

  it('finds replays: byte copies and re-encodes (MP3, Opus at 16 kHz, M4A, AMR-NB), not a different shout', async () => {
    const original = wav('entry-1.wav', speechLike(6, 48000, 51, -2));
    const first = await analyseFile(original);
    if (!first.ok) throw new Error(first.detail);
    const earlier = [{ entryId: 'entry-1', fingerprint: first.fingerprint }];
    copyFileSync(original, file('copy.wav'));
    const copies = [
      file('copy.wav'),
      await mp3(original, 'replay.mp3'),
      await ffmpegConvert(original, file('replay.ogg'), ['-ar', '16000', '-c:a', 'libopus', '-b:a', '16k']),
      await ffmpegConvert(original, file('replay.m4a'), ['-af', 'volume=4dB', '-c:a', 'aac', '-b:a', '64k']),
    ];
    for (const path of copies) expect(judge(await analyseFile(path), { ...fresh, earlier })).toMatchObject({ reason: 'DUPLICATE', duplicateOf: 'entry-1' });

    // A different recording at the same loudness is a new entry.
    const other = await analyseFile(wav('entry-2.wav', speechLike(6, 48000, 52, -2)));
    expect(judge(other, { ...fresh, earlier })).toMatchObject({ verdict: 'accepted' });

    // The AMR fixture is speechLike(8, 8000, 21) through AMR-NB 12.2: the same recording.
    const amrSource = await analyseFile(wav('amr-source.wav', speechLike(8, 8000, 21), 8000));
    if (!amrSource.ok) throw new Error(amrSource.detail);
    const amr = await analyseFile(join(FIXTURES, 'speech-8k-seed21-mr122.amr'));
    expect(judge(amr, { ...fresh, earlier: [...earlier, { entryId: 'amr-source', fingerprint: amrSource.fingerprint }] })).toMatchObject({ duplicateOf: 'amr-source' });
  });
});

describe('hostile files', () => {
  it('decodes WAVs in codecs other than PCM (µ-law) through ffmpeg', async () => {
    const src = wav('tone.wav', sine(1000, -23, 3, 8000), 8000);
    const a = await analyseFile(await ffmpegConvert(src, file('mulaw.wav'), ['-c:a', 'pcm_mulaw']));
    expect(a).toMatchObject({ ok: true, sampleRate: 8000 });
    if (a.ok) expect(a.integratedLufs).toBeCloseTo(-26, 0);
  });

  it('calls an hour of silence TOO_LONG from its container, without decoding it', async () => {
    const path = await ffmpegGenerate('anullsrc=r=8000:cl=mono', file('hour.m4a'), ['-t', '3600', '-c:a', 'aac', '-b:a', '8k']);
    const started = Date.now();
    expect(await analyseFile(path)).toMatchObject({ ok: false, reason: 'TOO_LONG', durationSec: 3600 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops decoding a stream with no length at the limit (ADTS AAC, 3 minutes)', async () => {
    const path = await ffmpegGenerate('anullsrc=r=8000:cl=mono', file('stream.aac'), ['-t', '180', '-c:a', 'aac', '-b:a', '8k']);
    const a = await analyseFile(path, { maxDurationSec: 20 });
    expect(a).toMatchObject({ ok: false, reason: 'TOO_LONG' });
    // ffmpeg's -t stops it one second past the limit: 21 of the 180 s were decoded.
    expect(a.durationSec).toBeGreaterThan(20);
    expect(a.durationSec).toBeLessThanOrEqual(21);
  });

  it('calls garbage, truncated and mislabelled files UNDECODABLE', async () => {
    const noise = Buffer.from(Array.from({ length: 30000 }, (_, i) => (i * 2654435761) >>> 24));
    writeFileSync(file('fake.mp3'), Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise]));
    writeFileSync(file('fake.ogg'), Buffer.concat([Buffer.from('OggS', 'latin1'), noise]));
    const full = await ffmpegConvert(wav('src.wav', speechLike(8, 48000, 61)), file('full.m4a'), ['-c:a', 'aac', '-b:a', '64k']);
    writeFileSync(file('cut.m4a'), readFileSync(full).subarray(0, 20000)); // moov at the end is gone
    const fullMp3 = await mp3(file('src.wav'), 'full.mp3');
    writeFileSync(file('cut.mp3'), readFileSync(fullMp3).subarray(0, 30000)); // Xing header says 8 s
    const wavBytes = encodeWav([speechLike(2, 16000, 62)], 16000);
    writeFileSync(file('cut.wav'), wavBytes.subarray(0, 20000));
    for (const name of ['fake.mp3', 'fake.ogg', 'cut.m4a', 'cut.mp3', 'cut.wav']) {
      const a = await analyseFile(file(name));
      expect({ name, ok: a.ok, reason: a.ok ? null : a.reason }).toEqual({ name, ok: false, reason: 'UNDECODABLE' });
    }
  });

  it('kills the sandbox and its ffmpeg when the analysis is abandoned', async () => {
    const path = await ffmpegGenerate('anullsrc=r=48000:cl=stereo', file('long-decode.m4a'), ['-t', '1200', '-c:a', 'aac', '-b:a', '16k']);
    const ffmpegFor = (): number[] =>
      readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('long-decode.m4a') && readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('f32le');
          } catch {
            return false;
          }
        })
        .map(Number);
    const ac = new AbortController();
    const running = analyseInSandbox(path, { maxDurationSec: 1300 }, { signal: ac.signal });
    let seen: number[] = [];
    for (let i = 0; i < 200 && seen.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      seen = ffmpegFor();
    }
    expect(seen.length).toBe(1);
    ac.abort();
    expect(await running).toEqual({ ok: false, reason: 'UNDECODABLE', detail: 'analysis aborted' });
    await new Promise((r) => setTimeout(r, 300));
    expect(ffmpegFor()).toEqual([]);
  });
});
