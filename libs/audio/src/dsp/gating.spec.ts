import { integratedLoudness } from './gating';

const ms = (lufs: number): number => 10 ** ((lufs + 0.691) / 10);
const blocks = (...lufs: number[]): Float64Array => Float64Array.from(lufs.map(ms));

describe('integratedLoudness', () => {
  it('is null with fewer than four 100 ms sub-blocks (no complete 400 ms block)', () => {
    expect(integratedLoudness(blocks(-20, -20, -20), 3)).toBeNull();
  });

  it('is null, not -70, when every block is under the absolute gate', () => {
    expect(integratedLoudness(blocks(-80, -80, -80, -80, -80), 5)).toBeNull();
    expect(integratedLoudness(new Float64Array(8), 8)).toBeNull();
  });

  it('averages energies, not decibels, of the gated blocks', () => {
    expect(integratedLoudness(blocks(-20, -20, -20, -20), 4)).toBeCloseTo(-20, 9);
    const mixed = integratedLoudness(blocks(...Array(8).fill(-20), ...Array(8).fill(-26)), 16);
    expect(mixed).toBeGreaterThan(-23);
    expect(mixed).toBeLessThan(-21);
  });

  it('drops blocks 10 LU under the ungated mean (relative gate)', () => {
    const loudQuietLoud = blocks(...Array(20).fill(-20), ...Array(20).fill(-45), ...Array(20).fill(-20));
    // Blocks straddling the edges are partly loud and pass; the -45 LUFS ones do not.
    expect(integratedLoudness(loudQuietLoud, 60)).toBeGreaterThan(-20.6);
  });
});
