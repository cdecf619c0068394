import { interpolatedPeak, TRUE_PEAK_HISTORY } from './true-peak';

function withHistory(x: number[]): Float64Array {
  const out = new Float64Array(TRUE_PEAK_HISTORY + x.length);
  out.set(x, TRUE_PEAK_HISTORY);
  return out;
}
const quarterRateSine = (i: number): number => Math.sin((Math.PI / 2) * i + Math.PI / 4);

describe('interpolatedPeak (4× polyphase, BS.1770-4 Annex 2)', () => {
  it('finds the inter-sample peak of a quarter-rate sine sampled at 45°', () => {
    // Samples sit at ±0.707 (-3 dBFS); the waveform between them reaches 1.0.
    // History holds the same sine, so no onset transient is measured.
    const buf = Float64Array.from({ length: TRUE_PEAK_HISTORY + 4800 }, (_, i) => quarterRateSine(i));
    expect(Math.max(...buf)).toBeCloseTo(Math.SQRT1_2, 6);
    const peakDb = 20 * Math.log10(interpolatedPeak(buf, 4800, 0));
    expect(peakDb).toBeGreaterThan(-0.2);
    expect(peakDb).toBeLessThan(0.1);
  });

  it('skips only blocks that cannot beat the floor (same answer with and without a head start)', () => {
    const x = Array.from({ length: 9600 }, (_, i) => Math.sin(i * 0.37) * (i > 5000 ? 0.9 : 0.1) + Math.sin(i * 2.9) * 0.05);
    const buf = withHistory(x);
    const exact = interpolatedPeak(buf, x.length, 0);
    expect(interpolatedPeak(buf, x.length, exact * 0.5)).toBe(exact);
    expect(interpolatedPeak(buf, x.length, 2)).toBe(2);
  });
});
