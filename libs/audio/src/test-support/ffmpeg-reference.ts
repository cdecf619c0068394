import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Ebur128Reference {
  /** Integrated loudness (LUFS, 3 decimals); null when ffmpeg reports none (-70 or below). */
  integrated: number | null;
  /** True peak over all channels (dBTP, 1 decimal, from the summary). */
  truePeak: number | null;
}

/**
 * ffmpeg's own ebur128 filter on a file (it resamples to 48 kHz first, and upsamples to
 * 192 kHz for the true peak). The integrated value comes from the frame metadata (3 decimals,
 * the summary prints one); the peak from the summary (dB, where the metadata is linear).
 */
export async function ebur128Reference(path: string): Promise<Ebur128Reference> {
  const { stdout, stderr } = await run(
    'ffmpeg',
    ['-nostdin', '-hide_banner', '-nostats', '-i', path, '-af', 'ebur128=peak=true:metadata=1,ametadata=mode=print:file=-', '-f', 'null', '-'],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const values = [...stdout.matchAll(/lavfi\.r128\.I=(-?[\d.]+|-inf|nan)/g)].map((m) => Number(m[1]));
  const last = values.at(-1);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(stderr);
  return {
    integrated: last === undefined || !Number.isFinite(last) || last <= -70 ? null : last,
    truePeak: peak && Number.isFinite(Number(peak[1])) ? Number(peak[1]) : null,
  };
}

/** Encodes (or resamples) with ffmpeg: `args` go between input and output. */
export async function ffmpegConvert(input: string, output: string, args: string[]): Promise<string> {
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', input, ...args, output]);
  return output;
}

/** Writes a file from one of ffmpeg's own sources (`anullsrc=…`): long fixtures without a WAV. */
export async function ffmpegGenerate(lavfi: string, output: string, args: string[]): Promise<string> {
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', lavfi, ...args, output]);
  return output;
}
