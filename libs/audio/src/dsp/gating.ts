/** BS.1770-4 gates: blocks quieter than −70 LUFS, then those 10 LU under the mean of the rest, are dropped. */
export const ABSOLUTE_GATE_LUFS = -70;
export const RELATIVE_GATE_LU = -10;

const loudness = (meanSquare: number): number => -0.691 + 10 * Math.log10(meanSquare);

/**
 * Integrated loudness from 100 ms sub-block energies (channel-weighted mean squares). Each
 * 400 ms gating block is four consecutive sub-blocks (75 % overlap). Null when no block is
 * complete or none passes the gates: silence has no loudness, it is not −70 LUFS.
 */
export function integratedLoudness(subBlocks: Float64Array, count: number): number | null {
  const blocks = count - 3;
  if (blocks <= 0) return null;
  const z = new Float64Array(blocks);
  let sum = 0;
  let n = 0;
  for (let j = 0; j < blocks; j++) {
    z[j] = (subBlocks[j] + subBlocks[j + 1] + subBlocks[j + 2] + subBlocks[j + 3]) / 4;
    if (z[j] > 0 && loudness(z[j]) > ABSOLUTE_GATE_LUFS) {
      sum += z[j];
      n++;
    }
  }
  if (n === 0) return null;
  const relativeGate = loudness(sum / n) + RELATIVE_GATE_LU;
  let gatedSum = 0;
  let gated = 0;
  for (let j = 0; j < blocks; j++) {
    if (z[j] > 0 && loudness(z[j]) > ABSOLUTE_GATE_LUFS && loudness(z[j]) > relativeGate) {
      gatedSum += z[j];
      gated++;
    }
  }
  return gated === 0 ? null : loudness(gatedSum / gated);
}
