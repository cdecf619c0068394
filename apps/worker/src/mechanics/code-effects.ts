import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CodeIssuer } from '@lib/codes';
import { CodeErrors, formatCode } from '@lib/domain';
import { MechanicEffect } from '@lib/mechanics';
import { ActivityEntity, CodePoolEntity } from '@lib/persistence';

type CodesEffect = Extract<MechanicEffect, { type: 'codes' }>;

/**
 * Carries out a `codes` effect in the activation's transaction: allocates from the node's pool
 * within its rules (the participant's circle and limit, at the trigger's business time) and
 * returns the message body that tells the participant their codes, or the rule that refused.
 */
@Injectable()
export class CodeEffects {
  constructor(private readonly issuer: CodeIssuer) {}

  async allocate(tx: EntityManager, activity: ActivityEntity, effect: CodesEffect): Promise<{ body: Record<string, unknown> } | { reason: string }> {
    const pool = await tx.getRepository(CodePoolEntity).findOneBy({ id: effect.poolId, workspaceId: activity.workspaceId, campaignId: activity.campaignId });
    if (!pool) return { reason: CodeErrors.POOL_NOT_FOUND };
    const [who] = (await tx.query('SELECT external_id, circle FROM participant WHERE id = $1 AND workspace_id = $2', [activity.participantId, activity.workspaceId])) as {
      external_id: string;
      circle: string | null;
    }[];
    const made = await this.issuer.allocate(tx, pool, { participantId: who.external_id, circle: who.circle }, effect.count, effect.at);
    if (!made.ok) return { reason: made.reason };
    return { body: { poolId: pool.id, codes: made.codes.map((c) => formatCode(c.code)), codeIds: made.codes.map((c) => c.codeId), expiresAt: pool.expiresAt } };
  }
}
