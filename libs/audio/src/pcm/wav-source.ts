import type { FileHandle } from 'node:fs/promises';
import { weightsFromMask } from './channel-weights';
import type { PcmSource, SourceEnd } from './pcm-source';
import type { WavLayout } from './wav-header';

/** Frames per chunk: 16k frames keeps each read well under a megabyte for any allowed layout. */
const FRAMES_PER_CHUNK = 16384;

/** Converts little-endian samples to float in [-1, 1) (the host is little-endian: x86, ARM). */
function convert(bytes: Uint8Array, n: number, layout: WavLayout, out: Float32Array): void {
  const { buffer, byteOffset } = bytes;
  switch (layout.encoding === 'float' ? -layout.bits : layout.bits) {
    case 8:
      for (let i = 0; i < n; i++) out[i] = (bytes[i] - 128) / 128;
      return;
    case 16: {
      const s = new Int16Array(buffer, byteOffset, n);
      for (let i = 0; i < n; i++) out[i] = s[i] / 32768;
      return;
    }
    case 24:
      for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (((bytes[j] | (bytes[j + 1] << 8) | (bytes[j + 2] << 16)) << 8) >> 8) / 8388608;
      return;
    case 32: {
      const s = new Int32Array(buffer, byteOffset, n);
      for (let i = 0; i < n; i++) out[i] = s[i] / 2147483648;
      return;
    }
    case -32: {
      const s = new Float32Array(buffer, byteOffset, n);
      // NaN and ±Inf would poison every sum after them: they read as silence.
      for (let i = 0; i < n; i++) out[i] = s[i] - s[i] === 0 ? s[i] : 0;
      return;
    }
    case -64: {
      const s = new Float64Array(buffer, byteOffset, n);
      for (let i = 0; i < n; i++) out[i] = s[i] - s[i] === 0 ? s[i] : 0;
      return;
    }
    default:
      throw new Error(`unsupported WAV layout ${layout.encoding}${layout.bits}`);
  }
}

/** Streams a PCM/float WAV's data chunk from an open file handle, which it closes when done. */
export function wavSource(fh: FileHandle, layout: WavLayout): PcmSource {
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };
  const totalFrames = layout.dataBytes / layout.blockAlign;
  async function* chunks(): AsyncGenerator<Float32Array> {
    const bytesPerChunk = FRAMES_PER_CHUNK * layout.blockAlign;
    // Own ArrayBuffer, offset 0: typed views over it are aligned.
    const raw = new Uint8Array(new ArrayBuffer(bytesPerChunk));
    const out = new Float32Array(FRAMES_PER_CHUNK * layout.channels);
    const bytesPerSample = layout.bits / 8;
    try {
      for (let done = 0; done < layout.dataBytes && !closed; ) {
        const want = Math.min(bytesPerChunk, layout.dataBytes - done);
        const { bytesRead } = await fh.read(raw, 0, want, layout.dataOffset + done);
        const usable = bytesRead - (bytesRead % layout.blockAlign);
        if (usable <= 0) break;
        const samples = usable / bytesPerSample;
        convert(raw, samples, layout, out);
        done += usable;
        yield out.subarray(0, samples);
      }
    } finally {
      await close();
    }
  }
  return {
    format: {
      sampleRate: layout.sampleRate,
      channels: layout.channels,
      weights: weightsFromMask(layout.channelMask, layout.channels),
      claimedDurationSec: totalFrames / layout.sampleRate,
    },
    chunks,
    cancel: close,
    end: async (): Promise<SourceEnd> => ({ ok: true }),
  };
}
