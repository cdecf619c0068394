import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, ErrorCodes } from '@lib/domain';
import { EventDto } from './event.dto';

const MAX_DATA_BYTES = 16 * 1024;

/**
 * Accepts `{…event}` or `{ events: [...] }`. Any structural problem fails the whole request
 * with every problem listed (nothing is written), so a client never half-sends a batch.
 */
export function parseBatch(body: unknown, maxBatch: number): EventDto[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'body must be an event object or { "events": [...] }', 'validation');
  }
  const raw = 'events' in body ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'events must be a non-empty array', 'validation');
  }
  if (raw.length > maxBatch) {
    throw new DomainError(ErrorCodes.BATCH_TOO_LARGE, `a batch holds at most ${maxBatch} events, got ${raw.length}`, 'too_large', {
      max: maxBatch,
    });
  }
  const problems: string[] = [];
  const events = raw.map((item, index) => {
    const dto = plainToInstance(EventDto, item ?? {});
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`events[${index}]: must be an object`);
      return dto;
    }
    for (const error of validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })) {
      for (const message of Object.values(error.constraints ?? {})) problems.push(`events[${index}].${message}`);
    }
    if (dto.data && Buffer.byteLength(JSON.stringify(dto.data)) > MAX_DATA_BYTES) {
      problems.push(`events[${index}].data must be at most ${MAX_DATA_BYTES} bytes of JSON`);
    }
    return dto;
  });
  if (problems.length > 0) {
    throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'events are invalid; nothing was stored', 'validation', {
      problems: problems.slice(0, 100),
    });
  }
  return events;
}
