import { pickPrompts } from './prompt-picker';

const PROMPTS = Array.from({ length: 12 }, (_, i) => `prompt-${i}`);

describe('pickPrompts', () => {
  it('should return the same prompts in the same order when the seed is the same', () => {
    // Act
    const first = pickPrompts(PROMPTS, 3, 'activity-1');
    const second = pickPrompts([...PROMPTS], 3, 'activity-1');
    // Assert
    expect(second).toEqual(first);
  });

  it('should return distinct prompts taken from the list when picking several', () => {
    const picked = pickPrompts(PROMPTS, 5, 'activity-1');
    expect(picked).toHaveLength(5);
    expect(new Set(picked).size).toBe(5);
    for (const p of picked) expect(PROMPTS).toContain(p);
  });

  it('should vary the pick across seeds when seeds differ', () => {
    // Arrange: with 12 prompts, 20 seeds all picking the same 3 in order would mean the seed is ignored
    const seeds = Array.from({ length: 20 }, (_, i) => `activity-${i}`);
    // Act
    const picks = new Set(seeds.map((s) => pickPrompts(PROMPTS, 3, s).join('|')));
    // Assert
    expect(picks.size).toBeGreaterThan(1);
  });

  it('should cap the count at the number of prompts when more are asked for', () => {
    const picked = pickPrompts(['a', 'b', 'c'], 10, 'seed');
    expect([...picked].sort()).toEqual(['a', 'b', 'c']);
  });

  it('should be a prefix of a larger pick when the count grows with the same seed', () => {
    expect(pickPrompts(PROMPTS, 5, 'seed').slice(0, 2)).toEqual(pickPrompts(PROMPTS, 2, 'seed'));
  });

  it('should return nothing when there are no prompts or the count is zero', () => {
    expect(pickPrompts([], 3, 'seed')).toEqual([]);
    expect(pickPrompts(PROMPTS, 0, 'seed')).toEqual([]);
  });

  it('should not reorder the caller list when picking', () => {
    const list = ['a', 'b', 'c', 'd'];
    pickPrompts(list, 2, 'seed');
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });
});
