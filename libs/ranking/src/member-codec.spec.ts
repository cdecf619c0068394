import { MAX_TIE_MS, PLAIN_CODEC, UUID_COMPLEMENT_CODEC, tieMs } from './member-codec';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const t = (iso: string) => tieMs(new Date(iso));
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('uuid-complement members (the spread board2 layout)', () => {
  const c = UUID_COMPLEMENT_CODEC;

  it('should decode what it encodes when given a uuid and a time', () => {
    const member = c.encode(B, t('2026-03-03T02:15:00.123Z'));
    expect(c.decode(member)).toEqual({ member: B, at: new Date('2026-03-03T02:15:00.123Z') });
  });

  it('should keep the board2 encoding when given the same uuid and time', () => {
    // 15 digits of MAX − ms, then the uuid with each hex digit complemented.
    expect(c.encode(A, 1_000)).toBe('999999999998999' + 'ffffffff-ffff-bfff-7fff-fffffffffff5');
  });

  it('should sort the earlier time higher when members compare descending', () => {
    const early = c.encode(B, t('2026-03-03T02:00:00Z'));
    const late = c.encode(A, t('2026-03-03T02:00:01Z'));
    expect([late, early].sort().reverse()).toEqual([early, late]);
  });

  it('should sort the smaller uuid higher when times are equal', () => {
    const at = t('2026-03-03T02:00:00Z');
    const members = [B, A].map((id) => c.encode(id, at)).sort().reverse();
    expect(members.map((m) => c.decode(m).member)).toEqual([A, B]);
  });

  it('should lowercase a uuid and refuse an id that is not one', () => {
    expect(c.id(A.toUpperCase())).toBe(A);
    expect(() => c.id('buyer-1')).toThrow('not a uuid');
  });
});

describe('plain members', () => {
  const c = PLAIN_CODEC;

  it('should decode what it encodes when given any text id', () => {
    for (const id of ['entry-1', 'é', '日本', '\u{1F600}', 'a:b{c}']) expect(c.decode(c.encode(id, 42))).toEqual({ member: id, at: new Date(42) });
  });

  it('should order by time first, then by the id bytes, when members compare ascending', () => {
    const ids = ['b', 'ab', 'a', '\uFF21', '\u{1F600}', 'Z'];
    const encoded = ids.map((id) => c.encode(id, 5)).concat(c.encode('zzz', 4));
    const sorted = [...encoded].sort(bytes).map((m) => c.decode(m).member);
    // UTF-8 puts U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80); UTF-16 order would not.
    expect(sorted).toEqual(['zzz', 'Z', 'a', 'ab', 'b', '\uFF21', '\u{1F600}']);
  });

  it('should refuse an empty id, an overlong one and a lone surrogate', () => {
    expect(() => c.id('')).toThrow('well-formed');
    expect(() => c.id('x'.repeat(1001))).toThrow('well-formed');
    expect(() => c.id('a\uD800b')).toThrow('well-formed');
    expect(c.id('\u{1F600}')).toBe('\u{1F600}');
  });
});

describe('tie times', () => {
  it('should clamp into the prefix range and keep a fixed width', () => {
    expect(tieMs(new Date(-5))).toBe(0);
    expect(tieMs(new Date(8.64e15))).toBe(MAX_TIE_MS);
    expect(PLAIN_CODEC.encode('x', 0)).toHaveLength(PLAIN_CODEC.encode('x', t('2026-03-03T02:00:00Z')).length);
  });

  it('should refuse an invalid date', () => {
    expect(() => tieMs(new Date('nope'))).toThrow('valid date');
  });
});
