import { createHash } from 'node:crypto';
import { CheckedEvent } from './event-envelope';

/** JSON with object keys sorted at every level, so equal values print equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What an idempotency key promises: the same event. occurredAt counts as an instant, so the
 * same moment written in another zone is the same event; key order inside data does not matter.
 */
export function eventFingerprint(e: CheckedEvent): string {
  const canonical = canonicalJson([e.type, e.participantId, e.occurredAt.toISOString(), e.channel, e.data]);
  return createHash('sha256').update(canonical).digest('hex');
}
