import { pickWinners, WinnerCandidate } from './winners';

const T0 = new Date('2026-05-02T00:00:00Z').getTime();

function candidate(entryId: string, validVotes: number, minute = 0, over: Partial<WinnerCandidate> = {}): WinnerCandidate {
  return { entryId, validVotes, occurredAt: new Date(T0 + minute * 60_000), moderation: 'approved', ...over };
}

describe('pickWinners', () => {
  it('should rank the top N by valid votes', () => {
    const list = [candidate('a', 5), candidate('b', 9), candidate('c', 7), candidate('d', 1)];
    expect(pickWinners(list, 3)).toEqual([
      { entryId: 'b', rank: 1, validVotes: 9 },
      { entryId: 'c', rank: 2, validVotes: 7 },
      { entryId: 'a', rank: 3, validVotes: 5 },
    ]);
  });

  it('should break a tie on votes for the earlier entry, then for the smaller entry id', () => {
    const list = [candidate('late', 4, 30), candidate('early', 4, 10), candidate('b', 4, 20), candidate('a', 4, 20)];
    expect(pickWinners(list, 4).map((w) => w.entryId)).toEqual(['early', 'a', 'b', 'late']);
  });

  it('should order entry ids by code point (UTF-8 bytes), not UTF-16 units', () => {
    // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit (0xFF61 > 0xD83D).
    const list = [candidate('\u{1F600}', 2), candidate('\uFF61', 2)];
    expect(pickWinners(list, 1).map((w) => w.entryId)).toEqual(['\uFF61']);
  });

  it('should leave out entries without valid votes and entries not approved, giving fewer winners', () => {
    const list = [candidate('zero', 0), candidate('queued', 8, 0, { moderation: 'pending' }), candidate('gone', 9, 0, { moderation: 'rejected' }), candidate('ok', 1)];
    expect(pickWinners(list, 36)).toEqual([{ entryId: 'ok', rank: 1, validVotes: 1 }]);
  });

  it('should give the same winners for every input order and one place to an entry listed twice', () => {
    const list = [candidate('a', 3, 5), candidate('b', 3, 1), candidate('c', 8, 9), candidate('a', 3, 5)];
    const expected = [
      { entryId: 'c', rank: 1, validVotes: 8 },
      { entryId: 'b', rank: 2, validVotes: 3 },
      { entryId: 'a', rank: 3, validVotes: 3 },
    ];
    expect(pickWinners(list, 5)).toEqual(expected);
    expect(pickWinners([...list].reverse(), 5)).toEqual(expected);
  });

  it('should pick nobody for a count below one', () => {
    expect(pickWinners([candidate('a', 3)], 0)).toEqual([]);
  });
});
