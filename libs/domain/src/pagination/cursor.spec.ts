import { DomainError, ErrorCodes } from '../errors/domain-error';
import { Cursor, decodeCursor, encodeCursor } from './cursor';

function decodeError(raw: string): DomainError {
  try {
    decodeCursor(raw);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error(`expected '${raw}' to be refused`);
}

describe('cursor', () => {
  it('should round-trip createdAt to the millisecond and the id when encoded then decoded', () => {
    // Arrange
    const cursor: Cursor = { createdAt: new Date('2026-03-03T02:15:00.123Z'), id: '0b6c3c9e-5a43-4b59-9a0f-4a1d3f1e7c21' };
    // Act
    const decoded = decodeCursor(encodeCursor(cursor));
    // Assert
    expect(decoded.createdAt.toISOString()).toBe('2026-03-03T02:15:00.123Z');
    expect(decoded.id).toBe(cursor.id);
  });

  it('should produce an URL-safe token when encoding', () => {
    // Arrange: an id whose base64 would contain + and /
    const token = encodeCursor({ createdAt: new Date('2026-03-03T00:00:00Z'), id: '>>>???~~~' });
    // Assert
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('should refuse with PAGINATION.BAD_CURSOR when the token is garbage', () => {
    // Act
    const error = decodeError('not-a-cursor');
    // Assert
    expect(error.code).toBe(ErrorCodes.PAGINATION_BAD_CURSOR);
    expect(error.code).toBe('PAGINATION.BAD_CURSOR');
    expect(error.category).toBe('validation');
  });

  it('should refuse when the token is empty', () => {
    expect(decodeError('').code).toBe(ErrorCodes.PAGINATION_BAD_CURSOR);
  });

  it('should refuse when the date part is not a date', () => {
    expect(decodeError(Buffer.from('yesterday|abc').toString('base64url')).code).toBe(ErrorCodes.PAGINATION_BAD_CURSOR);
  });

  it('should refuse when the id part is missing', () => {
    expect(decodeError(Buffer.from('2026-03-03T00:00:00.000Z|').toString('base64url')).code).toBe(ErrorCodes.PAGINATION_BAD_CURSOR);
    expect(decodeError(Buffer.from('2026-03-03T00:00:00.000Z').toString('base64url')).code).toBe(ErrorCodes.PAGINATION_BAD_CURSOR);
  });

  it('should refuse a date no row of ours can have, which PostgreSQL might not even hold', () => {
    const id = '0b6c3c9e-5a43-4b59-9a0f-4a1d3f1e7c21';
    for (const iso of ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2200-01-01T00:00:00.000Z']) {
      expect(decodeError(Buffer.from(`${iso}|${id}`).toString('base64url')).code).toBe(ErrorCodes.PAGINATION_BAD_CURSOR);
    }
  });
});
