import { CanonicalEntrant } from './draw-entrants';
import { DRAW_ALGORITHM, DrawWinner } from './pick-winners';

export type DrawState = 'committed' | 'drawn';

/**
 * Everything needed to check a draw without trusting Canyu. Before the draw only the
 * commitment is known: `seed`, `entrants`, `entrantListHash`, `frozenAt`, `winners` and
 * `drawnAt` are null. Entrant ids are per-draw pseudonyms, never a participant's own id.
 */
export interface DrawProofV1 {
  version: 1;
  algorithm: typeof DRAW_ALGORITHM;
  drawId: string;
  campaignId: string;
  nodeId: string;
  name: string;
  state: DrawState;
  /** SHA-256 of the seed's 32 bytes, published when entries opened. */
  commitment: string;
  committedAt: string;
  seed: string | null;
  /** The frozen list, in canonical order. */
  entrants: CanonicalEntrant[] | null;
  entrantListHash: string | null;
  frozenAt: string | null;
  /** How many winners the draw was set up for (fewer are drawn when fewer entered). */
  winnersCount: number;
  winners: DrawWinner[] | null;
  drawnAt: string | null;
}
