import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

/** Raw SQL for the hot ingest path. */
@Injectable()
export class EventStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores the batch with ONE statement (atomic on its own; one round trip whatever the
   * batch size): participants are upserted and events inserted in the same command.
   * enqueued_at is stamped optimistically; markNotEnqueued undoes it if the enqueue fails.
   * Returns idempotency key → event id, and which keys are new; replays map to the
   * original event id.
   */
  async store(workspaceId: string, events: NewEvent[], correlationId: string | null): Promise<{ ids: Map<string, string>; fresh: Set<string> }> {
    const column = <T>(pick: (e: NewEvent) => T): T[] => events.map(pick);
    const inserted: { id: string; idempotency_key: string }[] = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[], $8::uuid[])
           AS t(idempotency_key, type, participant_ref, channel, occurred_at, data, addressed_activity_id)
       ), participants AS (
         -- DO UPDATE (a no-op write) rather than DO NOTHING so existing rows return their ids too;
         -- sorted so concurrent batches lock shared participants in the same order.
         INSERT INTO participant (workspace_id, external_id)
         SELECT DISTINCT $1::uuid, participant_ref FROM input ORDER BY 2
         ON CONFLICT (workspace_id, external_id) DO UPDATE SET external_id = EXCLUDED.external_id
         RETURNING id, external_id
       )
       INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, channel, occurred_at, data, correlation_id, addressed_activity_id, enqueued_at)
       SELECT $1, i.idempotency_key, i.type, p.id, i.channel, i.occurred_at, i.data, $9, i.addressed_activity_id, now()
       FROM input i JOIN participants p ON p.external_id = i.participant_ref
       ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
       RETURNING id, idempotency_key`,
      [
        workspaceId,
        column((e) => e.idempotencyKey),
        column((e) => e.type),
        column((e) => e.participantRef),
        column((e) => e.channel),
        column((e) => e.occurredAt),
        column((e) => JSON.stringify(e.data)),
        column((e) => e.addressedActivityId),
        correlationId,
      ],
    );
    const ids = new Map(inserted.map((r) => [r.idempotency_key, r.id]));
    const fresh = new Set(ids.keys());
    const replayed = events.map((e) => e.idempotencyKey).filter((k) => !ids.has(k));
    if (replayed.length > 0) {
      const old: { id: string; idempotency_key: string }[] = await this.db.query(
        'SELECT id, idempotency_key FROM inbound_event WHERE workspace_id = $1 AND idempotency_key = ANY($2)',
        [workspaceId, replayed],
      );
      for (const r of old) ids.set(r.idempotency_key, r.id);
    }
    return { ids, fresh };
  }

  /** The fast-path enqueue failed: let the sweeper offer these after the short grace. */
  async markNotEnqueued(ids: string[]): Promise<void> {
    await this.db.query('UPDATE inbound_event SET enqueued_at = NULL WHERE id = ANY($1)', [ids]);
  }

  static addressedActivity(data: Record<string, unknown>): string | null {
    const ref = data.invitationId;
    return typeof ref === 'string' && UUID.test(ref) ? ref.toLowerCase() : null;
  }
}
