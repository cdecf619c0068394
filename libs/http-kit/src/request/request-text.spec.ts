import { findUnstorableText } from './request-text';

describe('findUnstorableText', () => {
  it('should pass ordinary text, emoji and CJK included', () => {
    expect(findUnstorableText({ a: ['参与', '🎉', { b: 'x' }], n: 1, z: null }, 'body')).toBeNull();
  });

  it('should point at a lone surrogate or NUL in a value', () => {
    expect(findUnstorableText({ events: [{ data: { note: 'a\ud800b' } }] }, 'body')).toBe('body.events[0].data.note');
    expect(findUnstorableText({ a: ['ok', 'x\udfff'] }, 'body')).toBe('body.a[1]');
    expect(findUnstorableText({ a: 'x\u0000' }, 'query')).toBe('query.a');
  });

  it('should check keys too', () => {
    expect(findUnstorableText({ data: { ['k\ud83d']: 1 } }, 'body')).toBe('body.data (a key)');
  });
});
