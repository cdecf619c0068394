import { createHmac } from 'node:crypto';
import { DomainError, ErrorCodes } from '../errors/domain-error';
import { CanonicalEntrant, DrawEntrant, canonicalEntrants, hashOfCanonical } from './draw-entrants';
import { seedBytes } from './draw-seed';

/** The name of the rule below; a proof says which rule made it. */
export const DRAW_ALGORITHM = 'canyu-draw-v1';

/** A winner: `position` 1 is drawn first. */
export interface DrawWinner {
  position: number;
  id: string;
}

const TWO_64 = 1n << 64n;
// A rejection needs a draw in the top W/2^64 of the range (W ≤ 2^53, so ≤ 1/2048 a try).
const MAX_ATTEMPTS = 1_000;

/**
 * Draws `count` distinct winners, weighted, without replacement (canyu-draw-v1):
 *
 *   list = canonicalEntrants(entrants); h = entrantListHash(list) (lowercase hex)
 *   for i = 0 … count−1 (position i+1), with W = sum of the weights still in the list:
 *     for attempt = 0, 1, …:
 *       mac = HMAC-SHA256(key = the seed's 32 raw bytes, message = ASCII "<h>:<i>:<attempt>")
 *       r   = the first 8 bytes of mac as an unsigned big-endian 64-bit integer
 *       accept when r < 2^64 − (2^64 mod W), so r mod W is unbiased; target = r mod W
 *     the winner is the first remaining entrant, in canonical order, whose cumulative
 *     weight (its own included) exceeds target; it leaves the list.
 *
 * The same seed and list give the same winners on any machine. `count` may not exceed the
 * number of entrants.
 */
export function pickWinners(seedHex: string, entrants: readonly DrawEntrant[], count: number): DrawWinner[] {
  const key = seedBytes(seedHex);
  const list = canonicalEntrants(entrants);
  if (!Number.isSafeInteger(count) || count < 0 || count > list.length) {
    throw new DomainError(ErrorCodes.DRAW_INVALID_ENTRANTS, `cannot draw ${count} winners from ${list.length} entrants`);
  }
  const listHash = hashOfCanonical(list);
  const weights = new RemainingWeights(list);
  const winners: DrawWinner[] = [];
  for (let i = 0; i < count; i++) {
    const index = weights.indexAt(uniformBelow(key, listHash, i, weights.total));
    winners.push({ position: i + 1, id: list[index].id });
    weights.remove(index);
  }
  return winners;
}

/** An unbiased integer in [0, bound) for draw `i`, by rejection sampling (see above). */
function uniformBelow(key: Buffer, listHash: string, i: number, bound: number): number {
  const w = BigInt(bound);
  const limit = TWO_64 - (TWO_64 % w);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const r = createHmac('sha256', key).update(`${listHash}:${i}:${attempt}`, 'ascii').digest().readBigUInt64BE(0);
    if (r < limit) return Number(r % w);
  }
  throw new Error(`draw ${i}: no value below the rejection limit in ${MAX_ATTEMPTS} attempts`);
}

/**
 * Weights still in the draw, in canonical order, as a Fenwick tree: finding "the first entrant
 * whose cumulative weight exceeds target" and removing one are O(log n), the same answer as
 * the linear walk the rule describes (pick-winners.spec.ts checks them against each other).
 */
class RemainingWeights {
  private readonly tree: number[];
  private readonly weights: number[];
  total = 0;

  constructor(list: readonly CanonicalEntrant[]) {
    this.weights = list.map((e) => e.weight);
    this.tree = new Array<number>(list.length + 1).fill(0);
    for (let i = 0; i < list.length; i++) this.add(i, list[i].weight);
  }

  indexAt(target: number): number {
    // Descend: the largest position whose prefix sum is ≤ target; the entrant after it wins.
    let pos = 0;
    let rest = target;
    for (let step = 1 << Math.floor(Math.log2(this.tree.length)); step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next] <= rest) {
        pos = next;
        rest -= this.tree[next];
      }
    }
    return pos;
  }

  remove(index: number): void {
    this.add(index, -this.weights[index]);
    this.weights[index] = 0;
  }

  private add(index: number, delta: number): void {
    this.total += delta;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i] += delta;
  }
}
