import { createHash } from 'node:crypto';
import { DomainError, ErrorCodes } from '../errors/domain-error';

/** One entrant as handed to a draw: an opaque id and an optional weight (default 1). */
export interface DrawEntrant {
  id: string;
  weight?: number;
}

/** One entrant of a canonical list: the weight is always written out. */
export interface CanonicalEntrant {
  id: string;
  weight: number;
}

export const MAX_DRAW_ENTRANTS = 1_000_000;
export const MAX_ENTRANT_ID_BYTES = 256;
// Ids are written one per line, tab before the weight: these bytes would make the form ambiguous.
const CONTROL = /[\u0000-\u001f\u007f]/;
// A lone UTF-16 surrogate has no UTF-8 form: two such ids would encode to the same bytes.
const LONE_SURROGATE = /\p{Cs}/u;
const MAX_PROBLEMS = 10;

function idProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0) return 'id must be a non-empty string';
  if (CONTROL.test(id)) return 'id may not hold control characters (tab, newline, …)';
  if (LONE_SURROGATE.test(id)) return 'id may not hold a lone UTF-16 surrogate';
  if (Buffer.byteLength(id, 'utf8') > MAX_ENTRANT_ID_BYTES) return `id is longer than ${MAX_ENTRANT_ID_BYTES} bytes of UTF-8`;
  return null;
}

function weightProblem(weight: unknown): string | null {
  if (weight === undefined) return null;
  if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 1) return 'weight must be a positive integer';
  return null;
}

/**
 * The canonical entrant list: every id checked (unique, 1–256 bytes of UTF-8, no control
 * characters), every weight a positive integer (1 when absent), sorted by the ids' UTF-8 bytes
 * (unsigned, byte by byte, shorter first on a common prefix), which no locale changes.
 * Throws DRAW.INVALID_ENTRANTS listing up to ten problems.
 */
export function canonicalEntrants(entrants: readonly DrawEntrant[]): CanonicalEntrant[] {
  const problems: string[] = [];
  const note = (problem: string) => problems.length < MAX_PROBLEMS && problems.push(problem);
  if (!Array.isArray(entrants)) throw new DomainError(ErrorCodes.DRAW_INVALID_ENTRANTS, 'entrants must be an array');
  if (entrants.length > MAX_DRAW_ENTRANTS) note(`a draw takes at most ${MAX_DRAW_ENTRANTS} entrants (got ${entrants.length})`);
  const list: CanonicalEntrant[] = [];
  let total = 0;
  entrants.forEach((e, i) => {
    const problem = idProblem(e?.id) ?? weightProblem(e?.weight);
    if (problem) return void note(`entrants[${i}]: ${problem}`);
    list.push({ id: e.id, weight: e.weight ?? 1 });
    total += e.weight ?? 1;
  });
  // Sums stay exact (the draw walks cumulative weights in plain numbers).
  if (!Number.isSafeInteger(total)) note(`the weights add up to more than ${Number.MAX_SAFE_INTEGER}`);
  list.sort((a, b) => compareUtf8(a.id, b.id));
  for (let i = 1; i < list.length; i++) {
    if (list[i].id === list[i - 1].id) note(`id ${JSON.stringify(list[i].id)} appears more than once`);
  }
  if (problems.length > 0) {
    throw new DomainError(ErrorCodes.DRAW_INVALID_ENTRANTS, `invalid draw entrants: ${problems.join('; ')}`, 'validation', { problems });
  }
  return list;
}

/**
 * The order of the strings' UTF-8 bytes, without encoding them: UTF-8 byte order is code point
 * order, which UTF-16 order (`<`) breaks only where surrogates (U+D800–DFFF, the halves of
 * U+10000 and above) meet U+E000–FFFF; moving surrogates above that range mends it.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

const codeUnitRank = (c: number) => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);

/**
 * The bytes the list hash covers: for each entrant in canonical order, its id, a tab (0x09),
 * its weight in decimal ASCII without leading zeros, a newline (0x0a); UTF-8; nothing else
 * (an empty list is zero bytes). The list is canonicalised first, so order does not matter.
 */
export function serialiseEntrants(entrants: readonly DrawEntrant[]): Buffer {
  return serialiseCanonical(canonicalEntrants(entrants));
}

/** SHA-256 of `serialiseEntrants(list)`, as lowercase hex. */
export function entrantListHash(entrants: readonly DrawEntrant[]): string {
  return hashOfCanonical(canonicalEntrants(entrants));
}

/** `entrantListHash` of a list already in canonical form (skips the checks and the sort). */
export function hashOfCanonical(list: readonly CanonicalEntrant[]): string {
  return createHash('sha256').update(serialiseCanonical(list)).digest('hex');
}

function serialiseCanonical(list: readonly CanonicalEntrant[]): Buffer {
  return Buffer.from(list.map((e) => `${e.id}\t${e.weight}\n`).join(''), 'utf8');
}
