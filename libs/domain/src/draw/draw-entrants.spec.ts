import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { CanonicalEntrant, DrawEntrant, canonicalEntrants, compareUtf8, entrantListHash, serialiseEntrants } from './draw-entrants';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
// Ids as a marketer might send them: ASCII, CJK, emoji; never control characters.
const entrantId = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
const entrantList = fc.uniqueArray(fc.record({ id: entrantId, weight: fc.integer({ min: 1, max: 1000 }) }), { selector: (e) => e.id, maxLength: 40 });
const problemsOf = (entrants: DrawEntrant[]): string[] => {
  try {
    canonicalEntrants(entrants);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).details?.problems as string[];
  }
};

describe('canonicalEntrants', () => {
  it('should sort by UTF-8 bytes and write weight 1 when none is given', () => {
    // 'B' (0x42) sorts before 'a' (0x61) in every locale; U+FF5E (EF BD 9E) before U+1F600
    // (F0 9F 98 80), although UTF-16 order (what `<` on strings compares) says the opposite.
    const list = canonicalEntrants([{ id: '😀' }, { id: 'a', weight: 2 }, { id: '～' }, { id: 'B' }]);
    expect(list).toEqual([
      { id: 'B', weight: 1 },
      { id: 'a', weight: 2 },
      { id: '～', weight: 1 },
      { id: '😀', weight: 1 },
    ]);
  });

  it('should refuse duplicate ids, bad ids and bad weights when given, naming each', () => {
    expect(problemsOf([{ id: 'x' }, { id: 'x' }])).toEqual(['id "x" appears more than once']);
    expect(problemsOf([{ id: '' }, { id: 'a\tb' }, { id: 'a\nb' }, { id: '\ud800' }, { id: 'é'.repeat(129) }])).toEqual([
      'entrants[0]: id must be a non-empty string',
      'entrants[1]: id may not hold control characters (tab, newline, …)',
      'entrants[2]: id may not hold control characters (tab, newline, …)',
      'entrants[3]: id may not hold a lone UTF-16 surrogate',
      'entrants[4]: id is longer than 256 bytes of UTF-8',
    ]);
    const weights = [0, -1, 1.5, Number.NaN, '2' as unknown as number];
    expect(problemsOf(weights.map((weight, i) => ({ id: `p${i}`, weight })))).toHaveLength(5);
    expect(problemsOf([{ id: 'a', weight: Number.MAX_SAFE_INTEGER }, { id: 'b', weight: 1 }])).toEqual([
      `the weights add up to more than ${Number.MAX_SAFE_INTEGER}`,
    ]);
  });

  it('should be the same list whatever the input order, and unchanged when canonical already', () => {
    fc.assert(
      fc.property(entrantList.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))), ([list, shuffled]) => {
        const canonical = canonicalEntrants(list);
        expect(canonicalEntrants(shuffled)).toEqual(canonical);
        expect(canonicalEntrants(canonical)).toEqual(canonical);
      }),
    );
  });
});

describe('compareUtf8', () => {
  it('should order any two strings as their UTF-8 bytes compare', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 }); // every code point, astral ones included
    fc.assert(
      fc.property(text, text, (a, b) => expect(Math.sign(compareUtf8(a, b))).toBe(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))),
      { numRuns: 2000 },
    );
  });
});

describe('entrantListHash', () => {
  it('should hash one "id<TAB>weight<LF>" line per entrant in canonical order, UTF-8', () => {
    const entrants = [{ id: 'bob' }, { id: 'ann', weight: 3 }, { id: '张三', weight: 10 }];
    expect(serialiseEntrants(entrants).toString('utf8')).toBe('ann\t3\nbob\t1\n张三\t10\n');
    expect(entrantListHash(entrants)).toBe(sha256('ann\t3\nbob\t1\n张三\t10\n'));
    // Pinned, so a change of the serialisation cannot pass unnoticed (docs/ARCHITECTURE.md quotes it).
    expect(entrantListHash(entrants)).toBe('987456c4edb8b8cea96c31f2561918da7b55873fe0a999f4825d67c25d188716');
    expect(entrantListHash([])).toBe(sha256(''));
  });

  it('should change when any single entrant is changed, added or removed', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), id: entrantId }),
      fc.record({ kind: fc.constant('reweigh' as const), at: fc.nat(), delta: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('add' as const), id: entrantId, weight: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(entrantList, edit, (list, e) => {
        const changed: CanonicalEntrant[] = list.map((x) => ({ ...x }));
        if (e.kind === 'add') {
          fc.pre(!list.some((x) => x.id === e.id));
          changed.push({ id: e.id, weight: e.weight });
        } else {
          fc.pre(list.length > 0);
          const i = e.at % list.length;
          if (e.kind === 'remove') changed.splice(i, 1);
          else if (e.kind === 'reweigh') changed[i].weight += e.delta;
          else {
            fc.pre(!list.some((x) => x.id === e.id));
            changed[i].id = e.id;
          }
        }
        expect(entrantListHash(changed)).not.toBe(entrantListHash(list));
      }),
      { numRuns: 500 },
    );
  });
});
