import { BoardLayoutRules } from './board-spec';
import { tieMs } from './member-codec';

/** One change to a member: add `delta` (default 0: the member just appears) or `set` the score. */
export interface RankUpdate {
  member: string;
  delta?: bigint | number;
  set?: bigint | number;
  /** The time the board's tie rule reads (see TieTime). */
  at: Date;
}

/** One row of a board's source of truth, applied on rebuild as an update guarded by its credit key. */
export interface RebuildRow extends RankUpdate {
  creditKey?: string;
}

// Redis keeps scores as doubles: integers are exact up to 2^53 − 1, so that is the range.
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The score as a stored integer string (sign applied), refusing anything inexact. */
export function storedScore(value: bigint | number, sign: 1 | -1, what: string): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`ranking: ${what} must be a safe integer, got ${value}`);
  const v = BigInt(value);
  if (v > MAX_SAFE || v < -MAX_SAFE) throw new RangeError(`ranking: ${what} is outside ±(2^53 − 1)`);
  return (sign === 1 ? v : -v).toString();
}

/** The five script arguments of one update: id, op ('d' add | 's' set), stored value, tie ms, encoded member. */
export function updateArgs(u: RankUpdate, rules: BoardLayoutRules): string[] {
  if (u.delta !== undefined && u.set !== undefined) throw new RangeError('ranking: an update has either delta or set, not both');
  const id = rules.codec.id(u.member);
  const ms = tieMs(u.at);
  const op = u.set !== undefined ? 's' : 'd';
  const value = storedScore(u.set ?? u.delta ?? 0, rules.sign, op === 's' ? 'set' : 'delta');
  return [id, op, value, String(ms), rules.codec.encode(id, ms)];
}

/** The six staging arguments of one row: credit key ('' = unguarded), then the update. */
export function rowArgs(r: RebuildRow, rules: BoardLayoutRules): string[] {
  if (r.creditKey === '') throw new RangeError('ranking: a credit key must not be empty');
  return [r.creditKey ?? '', ...updateArgs(r, rules)];
}
