import { DRAW_ALGORITHM, DrawProofV1, DrawState, DrawWinner } from '@lib/domain';
import { DrawEntity } from '@lib/persistence';

/** A draw in a campaign's list. */
export interface DrawSummary {
  id: string;
  nodeId: string;
  name: string;
  state: DrawState;
  winnersCount: number;
  commitment: string;
  committedAt: string;
  drawnAt: string | null;
}

/** One draw: the summary, and once drawn its frozen list's size and hash and the winners. */
export interface DrawDetail extends DrawSummary {
  entrantCount: number | null;
  entrantListHash: string | null;
  frozenAt: string | null;
  winners: DrawWinner[] | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
// Only the published pseudonym: who a winner is stays in the row.
const published = (draw: DrawEntity): DrawWinner[] | null => draw.winners?.map(({ position, id }) => ({ position, id })) ?? null;

export function drawSummary(draw: DrawEntity): DrawSummary {
  return {
    id: draw.id,
    nodeId: draw.nodeId,
    name: draw.name,
    state: draw.state,
    winnersCount: draw.winnersCount,
    commitment: draw.commitment,
    committedAt: draw.committedAt.toISOString(),
    drawnAt: iso(draw.drawnAt),
  };
}

export function drawDetail(draw: DrawEntity): DrawDetail {
  return {
    ...drawSummary(draw),
    entrantCount: draw.entrantList?.length ?? null,
    entrantListHash: draw.entrantListHash,
    frozenAt: iso(draw.frozenAt),
    winners: published(draw),
  };
}

/** The proof bundle. `seed_sealed` is never read here; `seed_hex` is null until the draw. */
export function drawProof(draw: DrawEntity): DrawProofV1 {
  return {
    version: 1,
    algorithm: DRAW_ALGORITHM,
    drawId: draw.id,
    campaignId: draw.campaignId,
    nodeId: draw.nodeId,
    name: draw.name,
    state: draw.state,
    commitment: draw.commitment,
    committedAt: draw.committedAt.toISOString(),
    seed: draw.state === 'drawn' ? draw.seedHex : null,
    entrants: draw.entrantList,
    entrantListHash: draw.entrantListHash,
    frozenAt: iso(draw.frozenAt),
    winnersCount: draw.winnersCount,
    winners: published(draw),
    drawnAt: iso(draw.drawnAt),
  };
}
