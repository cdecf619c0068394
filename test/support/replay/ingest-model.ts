import { DateTime } from 'luxon';

export interface Sent {
  body: unknown;
  /** Set on a line made malformed on purpose: the verdict the contract gives it. */
  invalid?: { reason: string; field: string };
}
export interface Verdict {
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
  field?: string;
  /** The key whose first accepted event this line's eventId must be. */
  sameAs?: string;
}

/** An event as the contract compares it: occurredAt as an instant, every other field as sent. */
function identity(body: Record<string, unknown>): string {
  const at = DateTime.fromISO(body.occurredAt as string, { setZone: true }).toMillis();
  return JSON.stringify([body.type, body.participantId, at, body.channel ?? null, body.data ?? {}]);
}

/** Per-line verdicts of lines sent in this order, by the written ingest rules. */
export function expectVerdicts(lines: Sent[], seen = new Map<string, string>()): Verdict[] {
  return lines.map((line) => {
    if (line.invalid) return { status: 'rejected', ...line.invalid };
    const body = line.body as Record<string, unknown>;
    const key = body.idempotencyKey as string;
    const id = identity(body);
    const before = seen.get(key);
    if (before === undefined) {
      seen.set(key, id);
      return { status: 'accepted', sameAs: key };
    }
    if (before !== id) return { status: 'rejected', reason: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey', sameAs: key };
    return { status: 'duplicate', sameAs: key };
  });
}
