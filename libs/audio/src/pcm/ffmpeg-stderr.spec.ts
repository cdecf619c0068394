import { FfmpegStderr, type StderrEvent } from './ffmpeg-stderr';
import { ffmpegLayoutChannels, ffmpegLayoutWeights, weightsFromMask } from './channel-weights';
import { sniffContainer } from './sniff';

function parse(text: string): StderrEvent[] {
  const events: StderrEvent[] = [];
  const p = new FfmpegStderr((e) => events.push(e), 'file:/uploads/x.mp3');
  // Split mid-line, as pipes do.
  p.push(text.slice(0, 57));
  p.push(text.slice(57));
  p.end();
  return events;
}

describe('FfmpegStderr', () => {
  const dump = (meta: string): string =>
    [
      "[info] Input #0, mp3, from 'file:/uploads/x.mp3':",
      '[info]   Metadata:',
      `[info]     title           : ${meta}`,
      '[info]   Duration: 00:00:30.02, start: 0.023021, bitrate: 128 kb/s',
      '[info]   Stream #0:0: Audio: mp3, 48000 Hz, stereo, fltp, 128 kb/s',
      "[info] Output #0, f32le, to 'pipe:':",
      '[info]   Stream #0:0: Audio: pcm_f32le, 48000 Hz, stereo, flt, 3072 kb/s (default)',
      '[mp3float @ 0x55] [error] Header missing in file:/uploads/x.mp3',
      '',
    ].join('\n');

  it('reads the claimed duration, the output format and errors (paths removed)', () => {
    expect(parse(dump('hello'))).toEqual([
      { kind: 'duration', seconds: 30.02 },
      { kind: 'output', sampleRate: 48000, layout: 'stereo', kbps: 3072 },
      { kind: 'error', message: 'Header missing in input' },
    ]);
  });

  it('cannot be fooled by metadata posing as format lines', () => {
    const forged = 'x\n                      : Duration: 99:00:00.00\n[info]                       :   Stream #0:0: Audio: pcm_f32le, 8000 Hz, mono, flt, 256 kb/s';
    expect(parse(dump(forged)).filter((e) => e.kind !== 'error')).toEqual([
      { kind: 'duration', seconds: 30.02 },
      { kind: 'output', sampleRate: 48000, layout: 'stereo', kbps: 3072 },
    ]);
  });

  it('flags an output line it cannot read, and a duration guessed from the bitrate', () => {
    expect(parse("[info] Output #0, f32le, to 'pipe:':\n[info]   Stream #0:0: Audio: pcm_f32le, weird\n")).toEqual([{ kind: 'unparsed', line: '[info]   Stream #0:0: Audio: pcm_f32le, weird' }]);
    expect(parse('[aac @ 0x1] [warning] Estimating duration from bitrate, this may be inaccurate\n')).toEqual([{ kind: 'estimated' }]);
  });
});

describe('channel weights and container sniffing', () => {
  it('weighs like BS.1770: fronts 1, surrounds 1.41, LFE 0', () => {
    expect(weightsFromMask(null, 1)).toEqual([1]);
    expect(weightsFromMask(null, 6)).toEqual([1, 1, 1, 0, 1.41, 1.41]);
    expect(ffmpegLayoutWeights('5.1(side)', 6)).toEqual([1, 1, 1, 0, 1.41, 1.41]);
    expect(ffmpegLayoutChannels('stereo')).toBe(2);
    expect(ffmpegLayoutChannels('3 channels')).toBe(3);
  });

  it('names the demuxer from magic bytes only', () => {
    const b = (s: string): Buffer => Buffer.from(s, 'latin1');
    expect(sniffContainer(b('RIFF\0\0\0\0WAVEfmt '))).toBe('wav');
    expect(sniffContainer(b('ID3\x04\0\0\0\0\0\0'))).toBe('mp3');
    expect(sniffContainer(Buffer.from([0xff, 0xfb, 0x90, 0x64]))).toBe('mp3');
    expect(sniffContainer(Buffer.from([0xff, 0xf1, 0x50, 0x80]))).toBe('aac');
    expect(sniffContainer(b('#!AMR\n<'))).toBe('amr');
    expect(sniffContainer(b('OggS\0\x02'))).toBe('ogg');
    expect(sniffContainer(b('\0\0\0\x20ftypM4A '))).toBe('mov');
    expect(sniffContainer(b('#EXTM3U\nfile:///etc/passwd'))).toBeNull();
    expect(sniffContainer(b('ffconcat version 1.0'))).toBeNull();
  });
});
