import fc from 'fast-check';
import { canonicalEntrants, entrantListHash } from './draw-entrants';
import { DrawProofV1 } from './draw-proof';
import { commitmentOf, newSeed } from './draw-seed';
import { pickWinners } from './pick-winners';
import { verifyProof } from './verify-proof';

function drawnProof(entrants: { id: string; weight?: number }[], winnersCount: number, seed = newSeed()): DrawProofV1 {
  const list = canonicalEntrants(entrants);
  return {
    version: 1,
    algorithm: 'canyu-draw-v1',
    drawId: '00000000-0000-4000-8000-000000000001',
    campaignId: '00000000-0000-4000-8000-000000000002',
    nodeId: '00000000-0000-4000-8000-000000000003',
    name: 'grand prize',
    state: 'drawn',
    commitment: commitmentOf(seed),
    committedAt: '2026-03-01T10:00:00.000Z',
    seed,
    entrants: list,
    entrantListHash: entrantListHash(list),
    frozenAt: '2026-03-08T10:00:00.000Z',
    winnersCount,
    winners: pickWinners(seed, list, Math.min(winnersCount, list.length)),
    drawnAt: '2026-03-08T10:00:00.000Z',
  };
}
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(3, '0')}`, weight: 1 + (i % 3) }));
// Through JSON, as the verifier reads a file or an HTTP answer.
const roundTrip = (proof: DrawProofV1): DrawProofV1 => JSON.parse(JSON.stringify(proof)) as DrawProofV1;

describe('verifyProof', () => {
  it('should accept any honest proof, whatever the entrants, weights and winners count', () => {
    const list = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9-]{1,12}$/), weight: fc.integer({ min: 1, max: 50 }) }), { selector: (e) => e.id, maxLength: 50 });
    fc.assert(
      fc.property(list, fc.integer({ min: 1, max: 60 }), (entrants, count) => {
        const result = verifyProof(roundTrip(drawnProof(entrants, count)));
        expect(result).toMatchObject({ valid: true, problems: [], checks: { format: 'ok', commitment: 'ok', entrantListHash: 'ok', winners: 'ok' } });
        expect(result.winners).toHaveLength(Math.min(count, entrants.length));
      }),
      { numRuns: 200 },
    );
  });

  it('should fail the list hash, and so the proof, when one entrant is changed', () => {
    const proof = roundTrip(drawnProof(people(50), 3));
    proof.entrants![10] = { ...proof.entrants![10], id: 'p010x' };
    const result = verifyProof(proof);
    expect(result.valid).toBe(false);
    expect(result.checks).toMatchObject({ commitment: 'ok', entrantListHash: 'failed' });
    expect(result.problems[0]).toMatch(/^the entrants hash to [0-9a-f]{64}, not the published/);
  });

  it('should fail the commitment when the seed is another one', () => {
    const proof = drawnProof(people(5), 1);
    const result = verifyProof({ ...proof, seed: newSeed() });
    expect(result.checks.commitment).toBe('failed');
    expect(result.problems).toContain('SHA-256 of the seed is not the published commitment');
  });

  it('should fail the winners when they are swapped, replaced or one too many', () => {
    const proof = drawnProof(people(30), 3);
    const [a, b, c] = proof.winners!;
    const loser = proof.entrants!.find((e) => !proof.winners!.some((w) => w.id === e.id))!.id;
    expect(verifyProof({ ...proof, winners: [{ ...a, id: b.id }, { ...b, id: a.id }, c] }).checks.winners).toBe('failed');
    expect(verifyProof({ ...proof, winners: [a, b, { ...c, id: loser }] }).checks.winners).toBe('failed');
    const extra = verifyProof({ ...proof, winnersCount: 3, winners: [a, b, c, { position: 4, id: loser }] });
    expect(extra.problems).toContain('4 winners published, at most 3 possible');
  });

  it('should say the draw is not made yet when the seed is null', () => {
    const { seed: _seed, ...rest } = drawnProof(people(3), 1);
    const result = verifyProof({ ...rest, seed: null, state: 'committed', entrants: null, entrantListHash: null, winners: null, frozenAt: null, drawnAt: null });
    expect(result.valid).toBe(false);
    expect(result.problems).toContain('the seed is not revealed yet: the draw has not been made');
  });

  it('should refuse entrants out of canonical order, a foreign version and a non-object', () => {
    const proof = drawnProof(people(4), 1);
    const reversed = verifyProof({ ...proof, entrants: [...proof.entrants!].reverse() });
    expect(reversed.problems).toEqual(['the entrants are not in canonical order (by the UTF-8 bytes of their ids)']);
    expect(verifyProof({ ...proof, version: 2 }).problems).toEqual(['version is 2, this verifier reads version 1']);
    expect(verifyProof({ ...proof, committedAt: '2026-03-09T00:00:00Z' }).problems).toEqual(['the times are out of order (committedAt ≤ frozenAt ≤ drawnAt)']);
    expect(verifyProof([proof]).problems).toEqual(['the proof is not a JSON object']);
  });
});
