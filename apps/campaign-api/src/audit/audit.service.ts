import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthContext } from '@lib/access';
import { AuditLogEntity } from '@lib/persistence';
import { currentCorrelationId } from '@lib/observability';

/** Records admin writes inside the transaction that makes them, so no change goes unlogged. */
@Injectable()
export class AuditService {
  async record(
    tx: EntityManager,
    auth: AuthContext,
    action: string,
    target: { type: string; id: string },
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await tx.getRepository(AuditLogEntity).insert({
      workspaceId: auth.workspaceId,
      apiKeyId: auth.apiKeyId,
      action,
      targetType: target.type,
      targetId: target.id,
      details: details as AuditLogEntity["details"] & object,
      correlationId: currentCorrelationId() ?? null,
    });
  }
}
