import { Injectable, Logger } from '@nestjs/common';
import { IngestEnv } from '@lib/config';
import { checkEventData, isTooFarInFuture, withTimeout } from '@lib/domain';
import { currentCorrelationId, Metrics } from '@lib/observability';
import { JobProducer } from '@lib/queue';
import { EventTypesService } from '../event-types/event-types.service';
import { EventResult } from './event.dto';
import { CheckedEvent, checkEnvelope, Rejection } from './event-envelope';
import { EventStore, NewEvent } from './event-store';
import { eventFingerprint } from './fingerprint';

const ENQUEUE_TIMEOUT_MS = 2_000;


export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

type Judged = { index: number; idempotencyKey?: string } & ({ ok: true; event: NewEvent } | ({ ok: false } & Rejection));

/**
 * Durable before acknowledged: the batch is committed in Postgres, then offered to the queue
 * (fast path). If Redis is down the answer is still 202: the events are safe and the worker's
 * sweeper enqueues whatever was not marked enqueued. Every problem inside an event is that
 * event's verdict; a rejected event writes nothing (no participant, no key reserved).
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly store: EventStore,
    private readonly producer: JobProducer,
    private readonly types: EventTypesService,
    private readonly env: IngestEnv,
    private readonly metrics: Metrics,
  ) {}

  async ingest(workspaceId: string, items: unknown[], now = new Date()): Promise<IngestResponse> {
    const judged = await this.judge(workspaceId, items, now);
    const results = new Array<EventResult>(judged.length);
    const firstOfKey = new Map<string, number>(); // key → index of its first event in the batch
    const toStore: NewEvent[] = [];
    for (const j of judged) {
      if (!j.ok) {
        results[j.index] = { index: j.index, idempotencyKey: j.idempotencyKey, status: 'rejected', reason: j.reason, field: j.field, message: j.message };
      } else if (!firstOfKey.has(j.event.idempotencyKey)) {
        firstOfKey.set(j.event.idempotencyKey, j.index);
        toStore.push(j.event);
      }
    }
    const stored = toStore.length > 0 ? await this.store.store(workspaceId, toStore, currentCorrelationId() ?? null) : new Map();
    for (const j of judged) {
      if (!j.ok) continue;
      const key = j.event.idempotencyKey;
      const row = stored.get(key)!;
      const base = { index: j.index, idempotencyKey: key, eventId: row.id };
      if (row.fingerprint !== null && row.fingerprint !== j.event.fingerprint) {
        results[j.index] = { ...base, status: 'rejected', reason: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey', message: `idempotencyKey was used for a different event (${row.id})` };
      } else {
        results[j.index] = { ...base, status: row.fresh && firstOfKey.get(key) === j.index ? 'accepted' : 'duplicate' };
      }
    }
    await this.offerToQueue(workspaceId, [...stored.values()].filter((r) => r.fresh).map((r) => r.id));
    return this.respond(results);
  }

  /** Envelope, then the type's data rules, then the clock; each event on its own. */
  private async judge(workspaceId: string, items: unknown[], now: Date): Promise<Judged[]> {
    const envelopes = items.map((item, index) => ({ index, verdict: checkEnvelope(item) }));
    const types = envelopes.flatMap((e) => (e.verdict.ok ? [e.verdict.event.type] : []));
    const schemas = await this.types.schemasFor(workspaceId, types);
    return envelopes.map(({ index, verdict }): Judged => {
      if (!verdict.ok) return { index, ...verdict };
      const e: CheckedEvent = verdict.event;
      const fail = (r: Rejection): Judged => ({ index, idempotencyKey: e.idempotencyKey, ok: false, ...r });
      const schema = schemas.get(e.type);
      if (!schema) return fail({ reason: 'UNKNOWN_EVENT_TYPE', field: 'type', message: `type '${e.type}' is neither built in nor declared by this workspace (GET /v1/event-types)` });
      const data = checkEventData(schema, e.data);
      if (!data.ok) return fail({ reason: 'INVALID_EVENT_DATA', field: data.field, message: data.message });
      if (isTooFarInFuture(e.occurredAt, now, this.env.CLOCK_SKEW_MS)) {
        return fail({ reason: 'OCCURRED_AT_IN_FUTURE', field: 'occurredAt', message: `occurredAt is more than ${this.env.CLOCK_SKEW_MS} ms in the future` });
      }
      return {
        index,
        idempotencyKey: e.idempotencyKey,
        ok: true,
        event: {
          idempotencyKey: e.idempotencyKey,
          type: e.type,
          participantRef: e.participantId,
          channel: e.channel,
          occurredAt: e.occurredAt,
          data: e.data,
          fingerprint: eventFingerprint(e),
        },
      };
    });
  }

  private respond(results: EventResult[]): IngestResponse {
    const count = (s: string) => results.filter((r) => r.status === s).length;
    const response = { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results };
    this.metrics.eventsIngested.inc({ status: 'accepted' }, response.accepted);
    this.metrics.eventsIngested.inc({ status: 'duplicate' }, response.duplicates);
    this.metrics.eventsIngested.inc({ status: 'rejected' }, response.rejected);
    return response;
  }

  private async offerToQueue(workspaceId: string, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    try {
      // Bounded: the events are already safe, so a slow or absent Redis must not hold the answer.
      await withTimeout(this.producer.enqueueForEvents('route', workspaceId, eventIds), ENQUEUE_TIMEOUT_MS, () => new Error(`enqueue took longer than ${ENQUEUE_TIMEOUT_MS} ms`));
    } catch (err) {
      this.logger.warn({ msg: 'fast-path enqueue failed; the sweeper will enqueue', events: eventIds.length, error: (err as Error).message });
      // Best effort: if even this fails, the sweeper still finds them after SWEEP_STALE_MS.
      await this.store.markNotEnqueued(eventIds).catch(() => undefined);
    }
  }
}
