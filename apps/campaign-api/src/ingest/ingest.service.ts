import { Injectable, Logger } from '@nestjs/common';
import { IngestEnv } from '@lib/config';
import { isTooFarInFuture, parseInstant } from '@lib/domain';
import { currentCorrelationId, Metrics } from '@lib/observability';
import { JobProducer } from '@lib/queue';
import { EventDto, EventResult } from './event.dto';
import { EventStore, NewEvent } from './event-store';

const ENQUEUE_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

/**
 * Durable before acknowledged: the batch is committed in Postgres, then offered to the
 * queue (fast path). If Redis is down the answer is still 202 — the events are safe and
 * the worker's outbox sweeper enqueues whatever was not marked enqueued.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly store: EventStore,
    private readonly producer: JobProducer,
    private readonly env: IngestEnv,
    private readonly metrics: Metrics,
  ) {}

  async ingest(workspaceId: string, events: EventDto[], now = new Date()): Promise<IngestResponse> {
    const results: EventResult[] = [];
    const toStore: { index: number; event: NewEvent }[] = [];
    events.forEach((dto, index) => {
      const base = { index, idempotencyKey: dto.idempotencyKey };
      const at = parseInstant(dto.occurredAt);
      if (!at.ok) return results.push({ ...base, status: 'rejected', reason: 'INVALID_OCCURRED_AT' });
      if (isTooFarInFuture(at.at, now, this.env.CLOCK_SKEW_MS)) {
        return results.push({ ...base, status: 'rejected', reason: 'OCCURRED_AT_IN_FUTURE' });
      }
      const data = dto.data ?? {};
      toStore.push({
        index,
        event: {
          idempotencyKey: dto.idempotencyKey,
          type: dto.type,
          participantRef: dto.participantId,
          channel: dto.channel ?? null,
          occurredAt: at.at,
          data,
          addressedActivityId: EventStore.addressedActivity(data),
        },
      });
    });

    const firstOfKey = new Map<string, number>();
    const unique = toStore.filter(({ index, event }) => {
      if (firstOfKey.has(event.idempotencyKey)) return false;
      firstOfKey.set(event.idempotencyKey, index);
      return true;
    });
    if (unique.length > 0) {
      const { ids, fresh } = await this.store.store(workspaceId, unique.map((u) => u.event), currentCorrelationId() ?? null);
      for (const { index, event } of toStore) {
        const isFirst = firstOfKey.get(event.idempotencyKey) === index && fresh.has(event.idempotencyKey);
        results.push({ index, idempotencyKey: event.idempotencyKey, status: isFirst ? 'accepted' : 'duplicate', eventId: ids.get(event.idempotencyKey) });
      }
      await this.offerToQueue(workspaceId, [...fresh].map((k) => ids.get(k)!));
    }
    results.sort((a, b) => a.index - b.index);
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
      await withTimeout(this.producer.enqueueForEvents('route', workspaceId, eventIds), ENQUEUE_TIMEOUT_MS);
    } catch (err) {
      this.logger.warn({ msg: 'fast-path enqueue failed; the sweeper will enqueue', events: eventIds.length, error: (err as Error).message });
      // Best effort: if even this fails, the sweeper still finds them after SWEEP_STALE_MS.
      await this.store.markNotEnqueued(eventIds).catch(() => undefined);
    }
  }
}
