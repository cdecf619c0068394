import { layoutRules } from './board-spec';
import { rowArgs, storedScore, updateArgs } from './updates';

const at = new Date(1_000);

describe('ranking updates', () => {
  it('should negate stored scores when a plain board ranks the highest first', () => {
    const desc = layoutRules({ base: 'b', tieTime: 'latest' });
    const asc = layoutRules({ base: 'b', tieTime: 'latest', order: 'asc' });
    expect(updateArgs({ member: 'e1', delta: 7, at }, desc)).toEqual(['e1', 'd', '-7', '1000', '000000000001000e1']);
    expect(updateArgs({ member: 'e1', set: 7n, at }, asc)).toEqual(['e1', 's', '7', '1000', '000000000001000e1']);
  });

  it('should keep stored scores when a uuid-complement board ranks the highest first', () => {
    const id = '00000000-0000-4000-8000-00000000000a';
    expect(updateArgs({ member: id, delta: 7, at }, layoutRules({ base: 'b', tieTime: 'latest', layout: 'uuid-complement' }))[2]).toBe('7');
    expect(updateArgs({ member: id, delta: 7, at }, layoutRules({ base: 'b', tieTime: 'latest', layout: 'uuid-complement', order: 'asc' }))[2]).toBe('-7');
  });

  it('should treat an update without delta or set as the member appearing with nothing added', () => {
    expect(updateArgs({ member: 'e1', at }, layoutRules({ base: 'b', tieTime: 'first', order: 'asc' })).slice(1, 3)).toEqual(['d', '0']);
  });

  it('should refuse a score that is not an exact integer', () => {
    expect(() => storedScore(1.5, 1, 'delta')).toThrow('safe integer');
    expect(() => storedScore(Number.MAX_SAFE_INTEGER + 1, 1, 'delta')).toThrow('safe integer');
    expect(() => storedScore(2n ** 53n, 1, 'delta')).toThrow('outside');
    expect(storedScore(-(2n ** 53n - 1n), -1, 'delta')).toBe('9007199254740991');
  });

  it('should refuse an update with both delta and set, and an empty credit key on a row', () => {
    const rules = layoutRules({ base: 'b', tieTime: 'latest' });
    expect(() => updateArgs({ member: 'e1', delta: 1, set: 2, at }, rules)).toThrow('not both');
    expect(() => rowArgs({ member: 'e1', delta: 1, at, creditKey: '' }, rules)).toThrow('empty');
    expect(rowArgs({ member: 'e1', delta: 1, at, creditKey: 'k' }, rules)[0]).toBe('k');
  });
});
