import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface NewEvent {
  idempotencyKey: string;
  type: string;
  participantRef: string;
  channel: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
  addressedActivityId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Raw SQL for the hot ingest path: one multi-row statement per table per batch. */
@Injectable()
export class EventStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores the batch in one transaction. Returns idempotency key → event id, and the keys
   * that were already stored (replays), which map to the original event id.
   */
  async store(workspaceId: string, events: NewEvent[], correlationId: string | null): Promise<{ ids: Map<string, string>; fresh: Set<string> }> {
    return this.db.transaction(async (tx) => {
      const participants = await this.upsertParticipants(tx, workspaceId, [...new Set(events.map((e) => e.participantRef))]);
      const cols = 9;
      const values: unknown[] = [];
      const rows = events.map((e, i) => {
        values.push(workspaceId, e.idempotencyKey, e.type, participants.get(e.participantRef), e.channel, e.occurredAt, JSON.stringify(e.data), correlationId, e.addressedActivityId);
        const p = Array.from({ length: cols }, (_, k) => `$${i * cols + k + 1}`);
        return `(${p[0]}, ${p[1]}, ${p[2]}, ${p[3]}, ${p[4]}, ${p[5]}, ${p[6]}::jsonb, ${p[7]}, ${p[8]}::uuid)`;
      });
      const inserted: { id: string; idempotency_key: string }[] = await tx.query(
        `INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, channel, occurred_at, data, correlation_id, addressed_activity_id)
         VALUES ${rows.join(', ')}
         ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
         RETURNING id, idempotency_key`,
        values,
      );
      const ids = new Map(inserted.map((r) => [r.idempotency_key, r.id]));
      const fresh = new Set(ids.keys());
      const replayed = events.map((e) => e.idempotencyKey).filter((k) => !ids.has(k));
      if (replayed.length > 0) {
        const old: { id: string; idempotency_key: string }[] = await tx.query(
          'SELECT id, idempotency_key FROM inbound_event WHERE workspace_id = $1 AND idempotency_key = ANY($2)',
          [workspaceId, replayed],
        );
        for (const r of old) ids.set(r.idempotency_key, r.id);
      }
      return { ids, fresh };
    });
  }

  async markEnqueued(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.db.query('UPDATE inbound_event SET enqueued_at = now() WHERE id = ANY($1)', [ids]);
  }

  static addressedActivity(data: Record<string, unknown>): string | null {
    const ref = data.invitationId;
    return typeof ref === 'string' && UUID.test(ref) ? ref.toLowerCase() : null;
  }

  private async upsertParticipants(tx: EntityManager, workspaceId: string, refs: string[]): Promise<Map<string, string>> {
    // DO UPDATE (a no-op write) rather than DO NOTHING so existing rows return their ids too.
    const rows: { id: string; external_id: string }[] = await tx.query(
      `INSERT INTO participant (workspace_id, external_id)
       SELECT $1, unnest($2::text[]) ORDER BY 2
       ON CONFLICT (workspace_id, external_id) DO UPDATE SET external_id = EXCLUDED.external_id
       RETURNING id, external_id`,
      [workspaceId, refs],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }
}
