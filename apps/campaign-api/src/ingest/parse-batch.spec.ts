import { DomainError, ErrorCodes } from '@lib/domain';
import { checkEnvelope } from './event-envelope';
import { eventFingerprint } from './fingerprint';
import { eventsOf } from './parse-batch';

const event = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'purchase',
  participantId: 'buyer-1001',
  occurredAt: '2026-03-03T10:15:00+08:00',
  idempotencyKey: 'order-88231',
  channel: 'weibo',
  data: { orderId: 'order-88231', amount: 1999, currency: 'CNY' },
  ...over,
});

function refusal(body: unknown, max = 5): DomainError {
  try {
    eventsOf(body, max);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected eventsOf to refuse');
}

describe('eventsOf (the request shape)', () => {
  it('should take one event, { events: [...] } or a bare array', () => {
    expect(eventsOf(event(), 5)).toHaveLength(1);
    expect(eventsOf({ events: [event(), 42] }, 5)).toHaveLength(2);
    expect(eventsOf([event(), null], 5)).toHaveLength(2);
  });

  it.each([[null], ['text'], [{}], [{ hello: 1 }], [{ events: 'x' }], [{ events: [] }], [[]]])('should refuse a body that is not an event or a list of events: %j', (body) => {
    expect(refusal(body).code).toBe(ErrorCodes.VALIDATION_FAILED);
  });

  it('should refuse a batch over the limit with 413', () => {
    const err = refusal({ events: Array.from({ length: 6 }, () => event()) });
    expect([err.code, err.category]).toEqual([ErrorCodes.BATCH_TOO_LARGE, 'too_large']);
  });
});

describe('checkEnvelope (one event)', () => {
  it('should pass a well-formed event with its instant', () => {
    const v = checkEnvelope(event());
    expect(v.ok && v.event.occurredAt.toISOString()).toBe('2026-03-03T02:15:00.000Z');
  });

  it.each([
    [{ idempotencyKey: undefined }, 'idempotencyKey', 'idempotencyKey is required'],
    [{ idempotencyKey: '   ' }, 'idempotencyKey', 'idempotencyKey must be a non-blank string of at most 200 characters'],
    [{ idempotencyKey: 42 }, 'idempotencyKey', 'idempotencyKey must be a non-blank string of at most 200 characters'],
    [{ type: null }, 'type', 'type is required'],
    [{ participantId: 'a@b.com ' }, 'participantId', expect.stringContaining('participantId must be')],
    [{ occurredAt: '2026-02-30T10:00:00+08:00' }, 'occurredAt', expect.stringContaining('occurredAt is not a real date-time')],
    [{ occurredAt: '2026-03-03T10:00:00' }, 'occurredAt', expect.stringContaining('zone offset')],
    [{ channel: 'myspace' }, 'channel', expect.stringContaining('channel must be one of')],
    [{ amount: 12 }, 'amount', 'amount is not a field of an event (did you mean to put it in data?)'],
  ])('should state the first problem once: %j', (over, field, message) => {
    const raw = event(over);
    for (const [k, v] of Object.entries(over)) if (v === undefined) delete raw[k];
    expect(checkEnvelope(raw)).toMatchObject({ ok: false, reason: 'INVALID_EVENT', field, message });
  });

  it('should keep the idempotency key on a rejection when it is a string, and classify type and data problems', () => {
    expect(checkEnvelope(event({ type: 'Purchase!' }))).toMatchObject({ ok: false, reason: 'UNKNOWN_EVENT_TYPE', idempotencyKey: 'order-88231' });
    expect(checkEnvelope(event({ data: [1] }))).toMatchObject({ ok: false, reason: 'INVALID_EVENT_DATA', field: 'data' });
    expect(checkEnvelope(event({ data: { blob: 'x'.repeat(17_000) } }))).toMatchObject({ ok: false, reason: 'INVALID_EVENT_DATA' });
    expect(checkEnvelope(7)).toMatchObject({ ok: false, reason: 'INVALID_EVENT', field: 'event' });
  });
});

describe('eventFingerprint', () => {
  const fp = (over: Record<string, unknown>) => {
    const v = checkEnvelope(event(over));
    if (!v.ok) throw new Error('bad fixture');
    return eventFingerprint(v.event);
  };

  it('should be equal for the same instant in another zone and for reordered data keys', () => {
    expect(fp({ occurredAt: '2026-03-03T02:15:00Z', data: { currency: 'CNY', amount: 1999, orderId: 'order-88231' } })).toBe(fp({}));
  });

  it('should differ when anything that matters differs', () => {
    const base = fp({});
    for (const over of [{ participantId: 'other' }, { occurredAt: '2026-03-03T10:15:01+08:00' }, { channel: 'wechat' }, { data: { orderId: 'order-88231', amount: 1, currency: 'CNY' } }]) {
      expect(fp(over)).not.toBe(base);
    }
  });
});
