import { jsonDepthExceeds } from './json-depth';

const depthOf = (text: string, max: number) => jsonDepthExceeds(Buffer.from(text), max);

describe('jsonDepthExceeds', () => {
  it('should count nested arrays and objects when they go past the limit', () => {
    expect(depthOf('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(depthOf('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(depthOf('['.repeat(5000) + ']'.repeat(5000), 32)).toBe(true);
  });

  it('should count siblings once, not add them up', () => {
    expect(depthOf(`[${Array.from({ length: 100 }, () => '[[1]]').join(',')}]`, 3)).toBe(false);
  });

  it('should ignore brackets inside strings, escaped quotes included', () => {
    expect(depthOf(JSON.stringify({ text: '[[[[{{{{' }), 1)).toBe(false);
    expect(depthOf(JSON.stringify({ text: 'say \\"[[[[" \\\\' }), 1)).toBe(false);
    expect(depthOf(JSON.stringify({ text: '参与 [[[[ 🎉' }), 1)).toBe(false);
  });
});
