import 'reflect-metadata';
import { DomainError, ErrorCodes } from '@lib/domain';
import { EventDto } from './event.dto';
import { parseBatch } from './parse-batch';

const MAX = 5;

const event = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'purchase',
  participantId: 'buyer-1001',
  occurredAt: '2026-03-03T10:15:00+08:00',
  idempotencyKey: 'order-88231',
  channel: 'sandbox',
  data: { sku: 'mi-11', amount: 1999 },
  ...over,
});

function refusal(body: unknown, max = MAX): DomainError {
  try {
    parseBatch(body, max);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected parseBatch to refuse');
}

const problemsOf = (err: DomainError): string[] => (err.details?.problems ?? []) as string[];

describe('parseBatch accepted shapes', () => {
  it('should return one DTO when the body is a single event', () => {
    // Act
    const events = parseBatch(event(), MAX);
    // Assert
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(EventDto);
    expect(events[0]).toMatchObject({ type: 'purchase', participantId: 'buyer-1001', data: { sku: 'mi-11', amount: 1999 } });
  });

  it('should return DTOs in order when the body is { events: [...] }', () => {
    const events = parseBatch({ events: [event({ idempotencyKey: 'a' }), event({ idempotencyKey: 'b' })] }, MAX);
    expect(events.map((e) => e.idempotencyKey)).toEqual(['a', 'b']);
  });

  it('should accept exactly the maximum batch size', () => {
    const events = parseBatch({ events: Array.from({ length: MAX }, (_, i) => event({ idempotencyKey: `k-${i}` })) }, MAX);
    expect(events).toHaveLength(MAX);
  });

  it('should accept an event without the optional channel and data', () => {
    const { channel: _c, data: _d, ...bare } = event();
    expect(parseBatch(bare, MAX)[0].data).toBeUndefined();
  });
});

describe('parseBatch refusals', () => {
  it.each([null, 'purchase', 42, [event()]])('should refuse with VALIDATION_FAILED when the body is %p', (body) => {
    const err = refusal(body);
    expect(err.code).toBe(ErrorCodes.VALIDATION_FAILED);
    expect(err.category).toBe('validation');
  });

  it('should refuse with VALIDATION_FAILED when events is an empty array', () => {
    // Act
    const err = refusal({ events: [] });
    // Assert
    expect(err.code).toBe(ErrorCodes.VALIDATION_FAILED);
    expect(err.message).toBe('events must be a non-empty array');
  });

  it('should refuse when events is not an array', () => {
    expect(refusal({ events: event() }).message).toBe('events must be a non-empty array');
  });

  it('should refuse with INGEST.BATCH_TOO_LARGE in the too_large category when over the maximum', () => {
    // Arrange
    const body = { events: Array.from({ length: MAX + 1 }, (_, i) => event({ idempotencyKey: `k-${i}` })) };
    // Act
    const err = refusal(body);
    // Assert
    expect(err.code).toBe(ErrorCodes.BATCH_TOO_LARGE);
    expect(err.code).toBe('INGEST.BATCH_TOO_LARGE');
    expect(err.category).toBe('too_large');
    expect(err.details).toEqual({ max: MAX });
  });

  it('should check the batch size before the contents when an oversized batch also has bad events', () => {
    expect(refusal({ events: Array(MAX + 1).fill('junk') }).code).toBe(ErrorCodes.BATCH_TOO_LARGE);
  });

  it('should list wrong types per index and store nothing when several events are bad', () => {
    // Arrange
    const body = { events: [event(), event({ type: 'Purchase!', participantId: 7 }), 'junk', event({ data: [1, 2] })] };
    // Act
    const err = refusal(body);
    const problems = problemsOf(err);
    // Assert
    expect(err.code).toBe(ErrorCodes.VALIDATION_FAILED);
    expect(err.message).toBe('events are invalid; nothing was stored');
    expect(problems).toEqual(
      expect.arrayContaining([
        'events[1].type is lowercase letters, digits, _ . -',
        'events[1].participantId must be a string',
        'events[2]: must be an object',
        'events[3].data must be an object',
      ]),
    );
    expect(problems.some((p) => p.startsWith('events[0]'))).toBe(false);
  });

  it('should refuse an unknown field when the event carries extras', () => {
    const problems = problemsOf(refusal({ events: [event({ campaignId: 'c-1' })] }));
    expect(problems).toEqual(['events[0].property campaignId should not exist']);
  });

  it('should refuse an unknown channel when it is not a wire value', () => {
    const problems = problemsOf(refusal(event({ channel: 'email' })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^events\[0\]\.channel must be one of the following values/);
  });

  it('should refuse data over 16 KiB of JSON and accept it just under', () => {
    // Arrange: {"blob":"…"} adds 11 bytes of JSON around the string
    const under = event({ data: { blob: 'x'.repeat(16 * 1024 - 11) } });
    const over = event({ data: { blob: 'x'.repeat(16 * 1024 - 10) } });
    // Act / Assert
    expect(parseBatch(under, MAX)).toHaveLength(1);
    expect(problemsOf(refusal(over))).toEqual(['events[0].data must be at most 16384 bytes of JSON']);
  });

  it('should count data size in UTF-8 bytes rather than characters', () => {
    // 6000 CJK characters are 18000 bytes of UTF-8
    expect(problemsOf(refusal(event({ data: { note: '煎'.repeat(6000) } })))).toEqual(['events[0].data must be at most 16384 bytes of JSON']);
  });

  it('should refuse occurredAt on 30 February and without a zone', () => {
    // Act
    const problems = problemsOf(refusal({ events: [event({ occurredAt: '2026-02-30T10:00:00+08:00' }), event({ occurredAt: '2026-03-01T10:00:00' })] }));
    // Assert
    expect(problems).toEqual([
      'events[0].occurredAt must be an ISO-8601 date-time with a zone offset, e.g. 2026-03-03T10:15:00+08:00',
      'events[1].occurredAt must be an ISO-8601 date-time with a zone offset, e.g. 2026-03-03T10:15:00+08:00',
    ]);
  });

  it('should refuse missing required fields when the single event is empty', () => {
    const problems = problemsOf(refusal({}));
    for (const field of ['type', 'participantId', 'occurredAt', 'idempotencyKey']) {
      expect(problems.some((p) => p.startsWith(`events[0].${field}`))).toBe(true);
    }
  });

  it('should cap the problem list at 100 when very many events are bad', () => {
    const problems = problemsOf(refusal({ events: Array(150).fill('junk') }, 500));
    expect(problems).toHaveLength(100);
  });
});
