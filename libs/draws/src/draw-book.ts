import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, DrawProofV1, ErrorCodes, UUID_PATTERN, canonicalEntrants, commitmentOf, hashOfCanonical, newSeed, pickWinners } from '@lib/domain';
import { DrawEntity, DrawWinnerRecord } from '@lib/persistence';
import { DrawReader } from './draw-reader';
import { DrawSeedVault } from './draw-seed-vault';

export const MAX_DRAW_WINNERS = 100_000;
const MAX_NAME_LENGTH = 200;

export interface CommitDrawInput {
  workspaceId: string;
  campaignId: string;
  nodeId: string;
  /** Tells a node's draws apart (e.g. "grand prize"); a node has one draw per name. */
  name: string;
  winnersCount: number;
}

/** An entrant as the caller knows it: our participant id (never published) and a weight. */
export interface DrawEntrantInput {
  participantId: string;
  weight?: number;
}

const invalid = (code: string, message: string) => new DomainError(code, message, 'validation');

/**
 * Commit–reveal draws: `commit` when entries open (publishes SHA-256 of a fresh secret seed),
 * `drawNow` at draw time (freezes the list, reveals the seed, picks the winners). Both are
 * idempotent and run in the caller's transaction.
 */
@Injectable()
export class DrawBook {
  constructor(
    private readonly vault: DrawSeedVault,
    private readonly reader: DrawReader,
  ) {}

  /** The draw of (nodeId, name), committed now unless it already was (then the same row). */
  async commit(tx: EntityManager, input: CommitDrawInput): Promise<DrawEntity> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw invalid(ErrorCodes.DRAW_INVALID_SETUP, `a draw name is 1–${MAX_NAME_LENGTH} characters`);
    if (!Number.isSafeInteger(input.winnersCount) || input.winnersCount < 1 || input.winnersCount > MAX_DRAW_WINNERS) {
      throw invalid(ErrorCodes.DRAW_INVALID_SETUP, `winnersCount must be an integer from 1 to ${MAX_DRAW_WINNERS}`);
    }
    for (const key of ['workspaceId', 'campaignId', 'nodeId'] as const) {
      if (!UUID_PATTERN.test(input[key])) throw invalid(ErrorCodes.DRAW_INVALID_SETUP, `${key} must be a UUID`);
    }
    const id = randomUUID();
    const seed = newSeed();
    await tx
      .createQueryBuilder()
      .insert()
      .into(DrawEntity)
      .values({
        id,
        workspaceId: input.workspaceId,
        campaignId: input.campaignId,
        nodeId: input.nodeId,
        name,
        winnersCount: input.winnersCount,
        seedSealed: this.vault.seal(id, seed),
        commitment: commitmentOf(seed),
        committedAt: () => 'now()',
      })
      .orIgnore() // a concurrent commit of the same (node, name) waits for ours, then keeps it
      .execute();
    const draw = await tx.getRepository(DrawEntity).findOneByOrFail({ nodeId: input.nodeId, name });
    if (draw.workspaceId !== input.workspaceId || draw.campaignId !== input.campaignId || draw.winnersCount !== input.winnersCount) {
      // The commitment was published with its winners count; it cannot be another draw now.
      throw new DomainError(ErrorCodes.DRAW_CONFLICT, `node ${input.nodeId} already has a draw "${name}" set up differently`, 'conflict', {
        drawId: draw.id,
        winnersCount: draw.winnersCount,
      });
    }
    return draw;
  }

  /**
   * Makes the draw once: freezes the entrants (as per-draw pseudonyms, canonical order),
   * reveals the seed and picks min(winnersCount, entrants) winners. A drawn draw is returned
   * as it is, whatever `entrants` holds now.
   */
  async drawNow(tx: EntityManager, workspaceId: string, drawId: string, entrants: readonly DrawEntrantInput[]): Promise<DrawEntity> {
    const repo = tx.getRepository(DrawEntity);
    const draw = UUID_PATTERN.test(drawId) ? await repo.findOne({ where: { id: drawId, workspaceId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!draw) throw new DomainError(ErrorCodes.DRAW_NOT_FOUND, `draw ${drawId} not found`, 'not_found');
    if (draw.state === 'drawn') return draw;

    const byPseudonym = this.pseudonymise(draw.id, entrants);
    const list = canonicalEntrants([...byPseudonym.values()].map((e) => e.entrant));
    const seed = this.vault.open(draw.id, draw.seedSealed);
    if (commitmentOf(seed) !== draw.commitment) throw new Error(`draw ${draw.id}: the sealed seed does not match the published commitment`);
    const winners: DrawWinnerRecord[] = pickWinners(seed, list, Math.min(draw.winnersCount, list.length)).map((w) => ({
      ...w,
      participantId: byPseudonym.get(w.id)!.participantId,
    }));
    await repo.update(
      { id: draw.id, workspaceId },
      { state: 'drawn', seedHex: seed, entrantList: list, entrantListHash: hashOfCanonical(list), winners, frozenAt: () => 'now()', drawnAt: () => 'now()' },
    );
    return repo.findOneByOrFail({ id: draw.id, workspaceId });
  }

  proof(workspaceId: string, drawId: string): Promise<DrawProofV1> {
    return this.reader.proof(workspaceId, drawId);
  }

  /** The id `participantId` has (or will have) in the draw's published list, to show them. */
  pseudonymOf(drawId: string, participantId: string): string {
    return this.vault.pseudonym(drawId, participantId);
  }

  private pseudonymise(drawId: string, entrants: readonly DrawEntrantInput[]) {
    if (!Array.isArray(entrants)) throw invalid(ErrorCodes.DRAW_INVALID_ENTRANTS, 'entrants must be an array');
    const out = new Map<string, { participantId: string; entrant: { id: string; weight?: number } }>();
    const seen = new Set<string>();
    entrants.forEach((e, i) => {
      if (typeof e?.participantId !== 'string' || e.participantId.length === 0) throw invalid(ErrorCodes.DRAW_INVALID_ENTRANTS, `entrants[${i}]: participantId must be a non-empty string`);
      if (seen.has(e.participantId)) throw invalid(ErrorCodes.DRAW_INVALID_ENTRANTS, `entrants[${i}]: participant ${e.participantId} is entered twice`);
      seen.add(e.participantId);
      const id = this.vault.pseudonym(drawId, e.participantId);
      // 128 bits: a collision is not expected in the life of the universe, but must not drop anyone.
      if (out.has(id)) throw new Error(`draw ${drawId}: two participants share pseudonym ${id}`);
      out.set(id, { participantId: e.participantId, entrant: e.weight === undefined ? { id } : { id, weight: e.weight } });
    });
    return out;
  }
}
