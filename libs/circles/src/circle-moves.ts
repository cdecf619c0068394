import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCodes } from '@lib/domain';
import { CircleActorType, CircleMoveEntity } from '@lib/persistence';
import { MoveReason } from './circle-codes';

export interface MoveRequest {
  workspaceId: string;
  participantId: string;
  /** null takes them out of every circle. */
  to: string | null;
  reason: MoveReason;
  actor: { type: CircleActorType; id: string };
  /** Business time of the move. */
  at: Date;
  /** Move only if they are still here (a rule's view may be stale by the time it acts). */
  expectFrom?: string | null;
  details?: Record<string, unknown>;
}

export type MoveResult = { moved: true; move: CircleMoveEntity } | { moved: false; current: string | null };

/**
 * The one way a participant's circle changes. Under the participant's row lock it writes the
 * projection (`participant.circle`), the membership (`circle_member`, since = business time of
 * the move), frees the seat they held in a gated ring they leave, and appends the history row.
 * A move to the circle they are in already writes nothing.
 */
@Injectable()
export class CircleMoves {
  async move(tx: EntityManager, req: MoveRequest): Promise<MoveResult> {
    const [row] = (await tx.query(`SELECT circle FROM participant WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [
      req.participantId,
      req.workspaceId,
    ])) as { circle: string | null }[];
    if (!row) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, 'participant not found', 'not_found');
    const from = row.circle;
    if ((req.expectFrom !== undefined && from !== req.expectFrom) || from === req.to) return { moved: false, current: from };
    await tx.query(`UPDATE participant SET circle = $3 WHERE id = $1 AND workspace_id = $2`, [req.participantId, req.workspaceId, req.to]);
    if (req.to === null) {
      await tx.query(`DELETE FROM circle_member WHERE participant_id = $1 AND workspace_id = $2`, [req.participantId, req.workspaceId]);
    } else {
      await tx.query(
        `INSERT INTO circle_member (participant_id, workspace_id, circle, since) VALUES ($1, $2, $3, $4)
         ON CONFLICT (participant_id) DO UPDATE SET circle = EXCLUDED.circle, since = EXCLUDED.since, updated_at = now()`,
        [req.participantId, req.workspaceId, req.to, req.at],
      );
    }
    if (from !== null) {
      await tx.query(
        `UPDATE circle_admission a SET state = 'released', updated_at = now() FROM circle_ring r
         WHERE a.ring_id = r.id AND r.workspace_id = $1 AND r.name = $2 AND a.participant_id = $3 AND a.state = 'admitted'`,
        [req.workspaceId, from, req.participantId],
      );
    }
    const repo = tx.getRepository(CircleMoveEntity);
    const move = await repo.save(
      repo.create({
        workspaceId: req.workspaceId,
        participantId: req.participantId,
        fromCircle: from,
        toCircle: req.to,
        reason: req.reason,
        actorType: req.actor.type,
        actorId: req.actor.id,
        at: req.at,
        details: req.details ?? {},
      }),
    );
    return { moved: true, move };
  }
}
