import { canonicalEntrants, CanonicalEntrant, hashOfCanonical } from './draw-entrants';
import { DRAW_SEED_PATTERN, SHA256_HEX_PATTERN, commitmentOf } from './draw-seed';
import { DRAW_ALGORITHM, DrawWinner, pickWinners } from './pick-winners';

export type DrawCheck = 'ok' | 'failed' | 'not checked';

export interface DrawVerification {
  valid: boolean;
  /** One sentence per thing that is wrong, in the order checked. */
  problems: string[];
  checks: { format: DrawCheck; commitment: DrawCheck; entrantListHash: DrawCheck; winners: DrawCheck };
  /** The winners re-derived from seed and entrants ([] when they could not be). */
  winners: DrawWinner[];
}

type Bundle = Record<string, unknown>;
const isObject = (v: unknown): v is Bundle => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const hex64 = (v: unknown, pattern: RegExp): v is string => typeof v === 'string' && pattern.test(v);

function formatProblems(b: Bundle): string[] {
  const out: string[] = [];
  if (b.version !== 1) out.push(`version is ${JSON.stringify(b.version)}, this verifier reads version 1`);
  if (b.algorithm !== DRAW_ALGORITHM) out.push(`algorithm is ${JSON.stringify(b.algorithm)}, this verifier knows ${DRAW_ALGORITHM}`);
  if (!hex64(b.commitment, SHA256_HEX_PATTERN)) out.push('commitment is not 64 lowercase hex digits');
  if (b.seed === null) out.push('the seed is not revealed yet: the draw has not been made');
  else if (!hex64(b.seed, DRAW_SEED_PATTERN)) out.push('seed is not 64 lowercase hex digits');
  if (!hex64(b.entrantListHash, SHA256_HEX_PATTERN)) out.push('entrantListHash is not 64 lowercase hex digits');
  if (!Array.isArray(b.entrants) || !b.entrants.every((e) => isObject(e) && typeof e.id === 'string' && typeof e.weight === 'number')) {
    out.push('entrants is not a list of { id, weight }');
  }
  if (!isCount(b.winnersCount)) out.push('winnersCount is not a non-negative integer');
  if (!Array.isArray(b.winners) || !b.winners.every((w) => isObject(w) && isCount(w.position) && typeof w.id === 'string')) {
    out.push('winners is not a list of { position, id }');
  }
  // Self-reported times prove little, but a list frozen before the commitment would be absurd.
  const times = ['committedAt', 'frozenAt', 'drawnAt'].map((k) => Date.parse(String(b[k])));
  if (times.some(Number.isNaN)) out.push('committedAt, frozenAt and drawnAt must be timestamps');
  else if (!(times[0] <= times[1] && times[1] <= times[2])) out.push('the times are out of order (committedAt ≤ frozenAt ≤ drawnAt)');
  return out;
}

const sameWinners = (a: DrawWinner[], b: DrawWinner[]) => a.length === b.length && a.every((w, i) => w.position === b[i].position && w.id === b[i].id);

/**
 * Checks a proof bundle (parsed JSON of unknown shape) against canyu-draw-v1: the seed hashes
 * to the commitment, the entrants hash to the list hash, and the winners re-derived from seed
 * and entrants are the published ones, no more than the entrants or the winners count.
 */
export function verifyProof(bundle: unknown): DrawVerification {
  const result: DrawVerification = {
    valid: false,
    problems: [],
    checks: { format: 'failed', commitment: 'not checked', entrantListHash: 'not checked', winners: 'not checked' },
    winners: [],
  };
  if (!isObject(bundle)) return { ...result, problems: ['the proof is not a JSON object'] };
  result.problems = formatProblems(bundle);
  if (result.problems.length > 0) return result;
  result.checks.format = 'ok';
  const proof = bundle as { seed: string; commitment: string; entrants: CanonicalEntrant[]; entrantListHash: string; winnersCount: number; winners: DrawWinner[] };

  result.checks.commitment = commitmentOf(proof.seed) === proof.commitment ? 'ok' : 'failed';
  if (result.checks.commitment === 'failed') result.problems.push('SHA-256 of the seed is not the published commitment');

  let list: CanonicalEntrant[];
  try {
    list = canonicalEntrants(proof.entrants);
  } catch (err) {
    result.checks.entrantListHash = 'failed';
    result.problems.push((err as Error).message);
    return result;
  }
  const listHash = hashOfCanonical(list);
  const canonicalOrder = list.every((e, i) => e.id === proof.entrants[i].id && e.weight === proof.entrants[i].weight);
  result.checks.entrantListHash = listHash === proof.entrantListHash && canonicalOrder ? 'ok' : 'failed';
  if (listHash !== proof.entrantListHash) result.problems.push(`the entrants hash to ${listHash}, not the published ${proof.entrantListHash}`);
  if (!canonicalOrder) result.problems.push('the entrants are not in canonical order (by the UTF-8 bytes of their ids)');

  const count = Math.min(proof.winnersCount, list.length);
  result.winners = pickWinners(proof.seed, list, count);
  result.checks.winners = sameWinners(result.winners, proof.winners) ? 'ok' : 'failed';
  if (proof.winners.length > count) result.problems.push(`${proof.winners.length} winners published, at most ${count} possible`);
  if (result.checks.winners === 'failed') result.problems.push('the published winners are not the ones seed and entrants give');

  result.valid = result.problems.length === 0;
  return result;
}
