import { CHANNELS, EVENT_TYPE_PATTERN, EXTERNAL_ID_PATTERN, parseInstant } from '@lib/domain';

export interface CheckedEvent {
  idempotencyKey: string;
  type: string;
  participantId: string;
  occurredAt: Date;
  channel: string | null;
  data: Record<string, unknown>;
}

export type RejectReason = 'INVALID_EVENT' | 'UNKNOWN_EVENT_TYPE' | 'INVALID_EVENT_DATA' | 'OCCURRED_AT_IN_FUTURE' | 'IDEMPOTENCY_KEY_REUSED';

export interface Rejection {
  reason: RejectReason;
  field?: string;
  message: string;
}

export type EnvelopeVerdict = { ok: true; event: CheckedEvent } | ({ ok: false; idempotencyKey?: string } & Rejection);

const FIELDS = new Set(['type', 'participantId', 'occurredAt', 'idempotencyKey', 'channel', 'data']);
const CHANNEL_SET: ReadonlySet<string> = new Set(CHANNELS);
export const MAX_DATA_BYTES = 16 * 1024;

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const bad = (field: string, message: string, reason: RejectReason = 'INVALID_EVENT'): Rejection => ({ reason, field, message });

/**
 * Checks one event's envelope and returns either the event or its first problem, stated once
 * ("idempotencyKey is required"). The type's `data` rules are checked afterwards, per type.
 */
export function checkEnvelope(item: unknown): EnvelopeVerdict {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { ok: false, ...bad('event', 'an event must be a JSON object') };
  }
  const raw = item as Record<string, unknown>;
  const key = raw.idempotencyKey;
  const idempotencyKey = typeof key === 'string' ? key : undefined;
  const fail = (r: Rejection): EnvelopeVerdict => ({ ok: false, idempotencyKey, ...r });
  const problem = firstProblem(raw);
  if (problem) return fail(problem);
  const occurredAt = parseInstant(raw.occurredAt);
  if (!occurredAt.ok) return fail(bad('occurredAt', `occurredAt ${occurredAt.reason}`));
  return {
    ok: true,
    event: {
      idempotencyKey: key as string,
      type: raw.type as string,
      participantId: raw.participantId as string,
      occurredAt: occurredAt.at,
      channel: (raw.channel as string | undefined) ?? null,
      data: (raw.data as Record<string, unknown> | undefined) ?? {},
    },
  };
}

function firstProblem(raw: Record<string, unknown>): Rejection | null {
  for (const name of ['idempotencyKey', 'type', 'participantId', 'occurredAt']) {
    if (!own(raw, name) || raw[name] === null) return bad(name, `${name} is required`);
  }
  const key = raw.idempotencyKey;
  if (typeof key !== 'string' || key.trim().length === 0 || key.length > 200) {
    return bad('idempotencyKey', 'idempotencyKey must be a non-blank string of at most 200 characters');
  }
  const unknown = Object.keys(raw).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) return bad(unknown, `${unknown} is not a field of an event (did you mean to put it in data?)`);
  if (typeof raw.type !== 'string' || !EVENT_TYPE_PATTERN.test(raw.type)) {
    return bad('type', 'type must be lowercase letters, digits and _ . - (at most 64), starting with a letter', 'UNKNOWN_EVENT_TYPE');
  }
  if (typeof raw.participantId !== 'string' || !EXTERNAL_ID_PATTERN.test(raw.participantId)) {
    return bad('participantId', 'participantId must be 1-128 letters, digits or . _ : - (an opaque id, never contact data)');
  }
  if (own(raw, 'channel') && raw.channel !== null && (typeof raw.channel !== 'string' || !CHANNEL_SET.has(raw.channel))) {
    return bad('channel', `channel must be one of ${CHANNELS.join(', ')}`);
  }
  const data = raw.data;
  if (own(raw, 'data') && data !== null) {
    if (typeof data !== 'object' || Array.isArray(data)) return bad('data', 'data must be a JSON object', 'INVALID_EVENT_DATA');
    if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) {
      return bad('data', `data must be at most ${MAX_DATA_BYTES} bytes of JSON`, 'INVALID_EVENT_DATA');
    }
  }
  return null;
}
