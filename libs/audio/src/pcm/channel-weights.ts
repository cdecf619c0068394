// Channel positions as WAVE_FORMAT_EXTENSIBLE masks (the same bits as ffmpeg's AV_CH_*).
const LFE = 0x8;
/** Back, side and top-back positions: BS.1770 weighs surrounds 1.41 (as ffmpeg's ebur128 does). */
const SURROUND = 0x10 | 0x20 | 0x100 | 0x200 | 0x400 | 0x8000 | 0x10000 | 0x20000;

/** Masks of ffmpeg's named layouts, as it prints them (`stereo`, `5.1(side)`, …). */
const FFMPEG_LAYOUTS: Record<string, number> = {
  mono: 0x4, stereo: 0x3, downmix: 0x3, '2.1': 0xb, '3.0': 0x7, '3.0(back)': 0x103, '4.0': 0x107, quad: 0x33,
  'quad(side)': 0x603, '3.1': 0xf, '5.0': 0x37, '5.0(side)': 0x607, '4.1': 0x10f, '5.1': 0x3f, '5.1(side)': 0x60f,
  '6.0': 0x707, '6.0(front)': 0x6c3, hexagonal: 0x137, '6.1': 0x70f, '6.1(back)': 0x13f, '6.1(front)': 0x6cb,
  '7.0': 0x637, '7.0(front)': 0x6c7, '7.1': 0x63f, '7.1(wide)': 0x6cf, '7.1(wide-side)': 0xff, octagonal: 0x737,
};

/** Without a mask, libebur128's default map: mono/stereo/3.0 fronts, quad, 5.0, 5.1 and 7.1 orders. */
const DEFAULT_BY_COUNT: Record<number, number> = { 1: 0x4, 2: 0x3, 3: 0x7, 4: 0x33, 5: 0x37, 6: 0x3f, 7: 0x70f, 8: 0x63f };

function popcount(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m !== 0; m &= m - 1) n++;
  return n;
}

/** Weights for `channels` channels laid out by `mask` (channel i = i-th set bit); unmapped channels weigh 1. */
export function weightsFromMask(mask: number | null, channels: number): number[] {
  const m = mask && popcount(mask) === channels ? mask >>> 0 : (DEFAULT_BY_COUNT[channels] ?? 0);
  const weights: number[] = [];
  for (let bit = 0; bit < 32 && weights.length < channels; bit++) {
    const b = 2 ** bit;
    if ((m & b) === 0) continue;
    weights.push(b === LFE ? 0 : (SURROUND & b) !== 0 ? 1.41 : 1);
  }
  while (weights.length < channels) weights.push(1);
  return weights;
}

/** Channel count of a layout ffmpeg printed (`stereo`, `5.1(side)`, `6 channels`); null when unknown. */
export function ffmpegLayoutChannels(name: string): number | null {
  const known = FFMPEG_LAYOUTS[name];
  if (known !== undefined) return popcount(known);
  const m = /^(\d+) channels/.exec(name);
  return m ? Number(m[1]) : null;
}

export function ffmpegLayoutWeights(name: string, channels: number): number[] {
  return weightsFromMask(FFMPEG_LAYOUTS[name] ?? null, channels);
}
