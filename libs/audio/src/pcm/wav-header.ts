import type { FileHandle } from 'node:fs/promises';

/** Where the samples of a PCM or float WAV are and how they are laid out. */
export interface WavLayout {
  encoding: 'int' | 'float';
  /** Container bits per sample: int 8 (unsigned), 16, 24, 32; float 32, 64. */
  bits: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  channelMask: number | null;
  dataOffset: number;
  /** Whole frames only. */
  dataBytes: number;
}

export type WavProbe =
  | { kind: 'wav'; layout: WavLayout }
  /** A RIFF/WAVE file whose codec is not PCM or float (µ-law, ADPCM, GSM…): ffmpeg decodes it. */
  | { kind: 'codec'; formatTag: number }
  | { kind: 'bad'; detail: string };

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
/** The KSDATAFORMAT_SUBTYPE GUID tail after the 2-byte format tag. */
const SUBTYPE_TAIL = Buffer.from('000000001000800000aa00389b71', 'hex');
/** A data size written by streaming writers (ffmpeg to a pipe) that did not know the length. */
const UNKNOWN_SIZES = new Set([0xffffffff, 0]);
const MAX_CHUNKS = 64;

export function isRiffWave(head: Buffer): boolean {
  return head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE';
}

interface Fmt {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
  channelMask: number | null;
}

function parseFmt(body: Buffer): Fmt | string {
  if (body.length < 16) return 'fmt chunk is too short';
  let tag = body.readUInt16LE(0);
  let channelMask: number | null = null;
  if (tag === FORMAT_EXTENSIBLE) {
    if (body.length < 40 || body.readUInt16LE(16) < 22) return 'extensible fmt chunk is too short';
    channelMask = body.readUInt32LE(20) || null;
    if (!body.subarray(26, 40).equals(SUBTYPE_TAIL)) return 'unknown WAVE_FORMAT_EXTENSIBLE sub-format';
    tag = body.readUInt16LE(24);
  }
  return { tag, channels: body.readUInt16LE(2), sampleRate: body.readUInt32LE(4), blockAlign: body.readUInt16LE(12), bits: body.readUInt16LE(14), channelMask };
}

function validLayout(f: Fmt, maxRate: number, maxChannels: number): string | null {
  if (f.channels < 1 || f.channels > maxChannels) return `${f.channels} channels (at most ${maxChannels})`;
  if (f.sampleRate < 1000 || f.sampleRate > maxRate) return `sample rate ${f.sampleRate} Hz (1000–${maxRate})`;
  const bitsOk = f.tag === FORMAT_PCM ? [8, 16, 24, 32].includes(f.bits) : [32, 64].includes(f.bits);
  if (!bitsOk) return `${f.bits}-bit ${f.tag === FORMAT_PCM ? 'PCM' : 'float'} is not supported`;
  if (f.blockAlign !== (f.channels * f.bits) / 8) return `block align ${f.blockAlign} does not match ${f.channels} × ${f.bits} bits`;
  return null;
}

async function readAt(fh: FileHandle, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, pos);
  return buf.subarray(0, bytesRead);
}

/**
 * Walks the RIFF chunks (never the samples) to find `fmt ` and `data`. A data chunk that claims
 * more bytes than the file holds is refused here, before anything is decoded.
 */
export async function probeWav(fh: FileHandle, fileSize: number, maxRate: number, maxChannels: number): Promise<WavProbe> {
  let fmt: Fmt | null = null;
  let data: { offset: number; size: number } | null = null;
  let pos = 12;
  for (let n = 0; n < MAX_CHUNKS && pos + 8 <= fileSize && !(fmt && data); n++) {
    const header = await readAt(fh, pos, 8);
    const id = header.toString('latin1', 0, 4);
    const size = header.readUInt32LE(4);
    const bodyAt = pos + 8;
    if (id === 'data') {
      const available = fileSize - bodyAt;
      if (!UNKNOWN_SIZES.has(size) && size > available) {
        return { kind: 'bad', detail: `the header claims ${size} bytes of audio but the file holds ${available}` };
      }
      data = { offset: bodyAt, size: UNKNOWN_SIZES.has(size) ? available : size };
      if (UNKNOWN_SIZES.has(size)) break; // runs to the end of the file
    } else if (size > fileSize - bodyAt) {
      return { kind: 'bad', detail: `the '${id.replace(/[^\x20-\x7e]/g, '?')}' chunk claims more bytes than the file holds` };
    } else if (id === 'fmt ') {
      if (size > 4096) return { kind: 'bad', detail: 'fmt chunk is implausibly large' };
      const parsed = parseFmt(await readAt(fh, bodyAt, size));
      if (typeof parsed === 'string') return { kind: 'bad', detail: parsed };
      fmt = parsed;
    }
    pos = bodyAt + size + (size & 1);
  }
  if (!fmt) return { kind: 'bad', detail: 'no fmt chunk' };
  if (!data) return { kind: 'bad', detail: 'no data chunk' };
  if (fmt.tag !== FORMAT_PCM && fmt.tag !== FORMAT_FLOAT) return { kind: 'codec', formatTag: fmt.tag };
  const problem = validLayout(fmt, maxRate, maxChannels);
  if (problem) return { kind: 'bad', detail: problem };
  const dataBytes = data.size - (data.size % fmt.blockAlign);
  return {
    kind: 'wav',
    layout: {
      encoding: fmt.tag === FORMAT_PCM ? 'int' : 'float',
      bits: fmt.bits,
      channels: fmt.channels,
      sampleRate: fmt.sampleRate,
      blockAlign: fmt.blockAlign,
      channelMask: fmt.channelMask,
      dataOffset: data.offset,
      dataBytes,
    },
  };
}
