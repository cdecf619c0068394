import { EntryModeration } from './vote-judging';
import { compareCodePoints } from './order';

export interface WinnerCandidate {
  entryId: string;
  /** Business time of the entry: the earlier entry wins a tie. */
  occurredAt: Date;
  validVotes: number;
  moderation: EntryModeration;
}

export interface Winner {
  entryId: string;
  /** 1-based; distinct even on tied votes, since the tie rule orders every entry. */
  rank: number;
  validVotes: number;
}

/**
 * The top `n` entries by valid votes; ties go to the earlier entry, then to the entry id in
 * code-point (UTF-8 byte) order. Only approved entries with at least one valid vote can win:
 * a prize for an entry nobody voted for is a draw, not a contest. Fewer than `n` such entries
 * means fewer winners.
 */
export function pickWinners(entries: readonly WinnerCandidate[], n: number): Winner[] {
  if (!Number.isInteger(n) || n < 1) return [];
  const eligible = new Map<string, WinnerCandidate>();
  for (const e of entries) {
    if (e.moderation !== 'approved' || !(e.validVotes >= 1)) continue;
    const seen = eligible.get(e.entryId);
    if (!seen || beats(e, seen)) eligible.set(e.entryId, e); // an id given twice: its best form, order-free
  }
  return [...eligible.values()]
    .sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : 0))
    .slice(0, n)
    .map((e, i) => ({ entryId: e.entryId, rank: i + 1, validVotes: e.validVotes }));
}

function beats(a: WinnerCandidate, b: WinnerCandidate): boolean {
  if (a.validVotes !== b.validVotes) return a.validVotes > b.validVotes;
  const dt = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (dt !== 0) return dt < 0;
  return compareCodePoints(a.entryId, b.entryId) < 0;
}
