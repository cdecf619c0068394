import { DomainError, ErrorCodes } from '@lib/domain';

const EVENT_KEYS = ['type', 'participantId', 'occurredAt', 'idempotencyKey'];

/**
 * The shape of the request only: one event, `{ "events": [...] }` or a bare array. Only what
 * makes the request itself unusable fails it (nothing is written); every problem inside an
 * event is that event's own verdict.
 */
export function eventsOf(body: unknown, maxBatch: number): unknown[] {
  let items: unknown;
  if (Array.isArray(body)) items = body;
  else if (body !== null && typeof body === 'object' && Object.prototype.hasOwnProperty.call(body, 'events')) items = (body as { events: unknown }).events;
  else if (body !== null && typeof body === 'object' && EVENT_KEYS.some((k) => Object.prototype.hasOwnProperty.call(body, k))) items = [body];
  else throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'body must be an event, { "events": [...] } or an array of events', 'validation');
  if (!Array.isArray(items) || items.length === 0) {
    throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'events must be a non-empty array of events', 'validation');
  }
  if (items.length > maxBatch) {
    throw new DomainError(ErrorCodes.BATCH_TOO_LARGE, `a batch holds at most ${maxBatch} events, got ${items.length}`, 'too_large', { max: maxBatch });
  }
  return items;
}
