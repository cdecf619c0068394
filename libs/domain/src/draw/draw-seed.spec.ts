import { createHash } from 'node:crypto';
import { DRAW_SEED_PATTERN, commitmentOf, newSeed } from './draw-seed';

describe('draw seeds', () => {
  it('should make 32 random bytes as lowercase hex, a new one each time', () => {
    const seeds = Array.from({ length: 100 }, newSeed);
    expect(seeds.every((s) => DRAW_SEED_PATTERN.test(s))).toBe(true);
    expect(new Set(seeds).size).toBe(100);
  });

  it("should commit to the seed's raw bytes, not its hex text", () => {
    const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex');
    // Pinned (docs/ARCHITECTURE.md: `printf %s $SEED | xxd -r -p | sha256sum`).
    expect(commitmentOf(seed)).toBe('630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd');
    expect(commitmentOf(seed)).not.toBe(createHash('sha256').update(seed).digest('hex'));
  });

  it('should refuse a seed that is not 64 lowercase hex digits', () => {
    for (const bad of ['', 'ab'.repeat(31), 'AB'.repeat(32), 'zz'.repeat(32), `${'ab'.repeat(32)}\n`]) {
      expect(() => commitmentOf(bad)).toThrow('a draw seed is 64 lowercase hex digits (32 bytes)');
    }
  });
});
