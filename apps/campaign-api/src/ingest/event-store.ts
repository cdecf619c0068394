import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface NewEvent {
  idempotencyKey: string;
  type: string;
  participantRef: string;
  channel: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
  fingerprint: string;
}

export interface StoredKey {
  id: string;
  /** Null for events stored before fingerprints existed: they cannot be compared. */
  fingerprint: string | null;
  fresh: boolean;
}

export interface KeyedEvent {
  id: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** Raw SQL for the hot ingest path. */
@Injectable()
export class EventStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores the batch with ONE statement (atomic on its own; one round trip whatever the
   * batch size). Only events whose key is new are stored, and only their participants are
   * upserted, so a replay or a reused key writes nothing. enqueued_at is stamped optimistically;
   * markNotEnqueued undoes it if the enqueue fails. Returns, per key, the event id (the original
   * one for a replay), its stored fingerprint and whether it is new.
   */
  async store(workspaceId: string, events: NewEvent[], correlationId: string | null): Promise<Map<string, StoredKey>> {
    const column = <T>(pick: (e: NewEvent) => T): T[] => events.map(pick);
    const inserted: { id: string; idempotency_key: string }[] = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[], $9::text[])
           AS t(idempotency_key, type, participant_ref, channel, occurred_at, data, fingerprint)
       ), fresh AS (
         SELECT i.* FROM input i
         WHERE NOT EXISTS (SELECT 1 FROM inbound_event e WHERE e.workspace_id = $1 AND e.idempotency_key = i.idempotency_key)
       ), participants AS (
         -- DO UPDATE (a no-op write) rather than DO NOTHING so existing rows return their ids too;
         -- sorted so concurrent batches lock shared participants in the same order.
         INSERT INTO participant (workspace_id, external_id)
         SELECT DISTINCT $1::uuid, participant_ref FROM fresh ORDER BY 2
         ON CONFLICT (workspace_id, external_id) DO UPDATE SET external_id = EXCLUDED.external_id
         RETURNING id, external_id
       )
       INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, channel, occurred_at, data, correlation_id, fingerprint, enqueued_at)
       SELECT $1, i.idempotency_key, i.type, p.id, i.channel, i.occurred_at, i.data, $8, i.fingerprint, now()
       FROM fresh i JOIN participants p ON p.external_id = i.participant_ref
       -- Key order, so two batches sharing keys take the unique-index entries in the same order.
       ORDER BY i.idempotency_key
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
        correlationId,
        column((e) => e.fingerprint),
      ],
    );
    const byKey = new Map(events.map((e) => [e.idempotencyKey, e.fingerprint]));
    const out = new Map<string, StoredKey>(inserted.map((r) => [r.idempotency_key, { id: r.id, fingerprint: byKey.get(r.idempotency_key)!, fresh: true }]));
    const replayed = events.map((e) => e.idempotencyKey).filter((k) => !out.has(k));
    if (replayed.length > 0) {
      const old: { id: string; idempotency_key: string; fingerprint: string | null }[] = await this.db.query(
        'SELECT id, idempotency_key, fingerprint FROM inbound_event WHERE workspace_id = $1 AND idempotency_key = ANY($2)',
        [workspaceId, replayed],
      );
      for (const r of old) out.set(r.idempotency_key, { id: r.id, fingerprint: r.fingerprint, fresh: false });
    }
    return out;
  }

  /** The event stored under an idempotency key, if any (uploads compare a replay with it). */
  async findByKey(workspaceId: string, idempotencyKey: string): Promise<KeyedEvent | null> {
    const rows: { id: string; type: string; occurred_at: Date; data: Record<string, unknown> }[] = await this.db.query(
      'SELECT id, type, occurred_at, data FROM inbound_event WHERE workspace_id = $1 AND idempotency_key = $2',
      [workspaceId, idempotencyKey],
    );
    return rows.length === 0 ? null : { id: rows[0].id, type: rows[0].type, occurredAt: rows[0].occurred_at, data: rows[0].data };
  }

  /** The fast-path enqueue failed: let the sweeper offer these after the short grace. */
  async markNotEnqueued(ids: string[]): Promise<void> {
    await this.db.query('UPDATE inbound_event SET enqueued_at = NULL WHERE id = ANY($1)', [ids]);
  }
}
