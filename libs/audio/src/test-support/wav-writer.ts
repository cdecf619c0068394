import { writeFileSync } from 'node:fs';

export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32';

export interface WavOptions {
  encoding?: WavEncoding;
  /** Write WAVE_FORMAT_EXTENSIBLE with this channel mask. */
  extensibleMask?: number;
}

const BITS: Record<WavEncoding, number> = { pcm8: 8, pcm16: 16, pcm24: 24, pcm32: 32, float32: 32 };
const clamp = (v: number): number => Math.max(-1, Math.min(1, v));

/** A WAV file in memory from planar channels (test fixture writer, not used by the analyser). */
export function encodeWav(channels: Float32Array[], sampleRate: number, opts: WavOptions = {}): Buffer {
  const encoding = opts.encoding ?? 'pcm16';
  const bits = BITS[encoding];
  const nch = channels.length;
  const frames = channels[0].length;
  const blockAlign = (nch * bits) / 8;
  const dataBytes = frames * blockAlign;
  const fmtSize = opts.extensibleMask === undefined ? 16 : 40;
  const out = Buffer.alloc(12 + 8 + fmtSize + 8 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(out.length - 8, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(fmtSize, 16);
  const tag = encoding === 'float32' ? 3 : 1;
  out.writeUInt16LE(opts.extensibleMask === undefined ? tag : 0xfffe, 20);
  out.writeUInt16LE(nch, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * blockAlign, 28);
  out.writeUInt16LE(blockAlign, 32);
  out.writeUInt16LE(bits, 34);
  if (opts.extensibleMask !== undefined) {
    out.writeUInt16LE(22, 36);
    out.writeUInt16LE(bits, 38);
    out.writeUInt32LE(opts.extensibleMask, 40);
    out.writeUInt16LE(tag, 44);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(out, 46);
  }
  let p = 20 + fmtSize;
  out.write('data', p, 'latin1');
  out.writeUInt32LE(dataBytes, p + 4);
  p += 8;
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const v = channels[c][i];
      if (encoding === 'float32') view.setFloat32(p, v, true);
      else if (encoding === 'pcm8') view.setUint8(p, Math.round(clamp(v) * 127) + 128);
      else if (encoding === 'pcm16') view.setInt16(p, Math.round(clamp(v) * 32767), true);
      else if (encoding === 'pcm24') {
        const s = Math.round(clamp(v) * 8388607);
        view.setUint8(p, s & 0xff);
        view.setUint8(p + 1, (s >> 8) & 0xff);
        view.setUint8(p + 2, (s >> 16) & 0xff);
      } else view.setInt32(p, Math.round(clamp(v) * 2147483647), true);
      p += bits / 8;
    }
  }
  return out;
}

export function writeWav(path: string, channels: Float32Array[], sampleRate: number, opts?: WavOptions): string {
  writeFileSync(path, encodeWav(channels, sampleRate, opts));
  return path;
}
