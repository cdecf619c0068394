import { fromMicro, toMicro } from './micro-points';

describe('micro-points', () => {
  it('should turn six-decimal weights into exact integers and back when summed', () => {
    const weights = [0.098304, 0.251658, 0.3, 0.8, 0.512];
    const micro = weights.map(toMicro);
    expect(micro).toEqual([98304, 251658, 300000, 800000, 512000]);
    expect(fromMicro(micro.reduce((s, m) => s + m, 0))).toBe(1.961962);
  });
});
