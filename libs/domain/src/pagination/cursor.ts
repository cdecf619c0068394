import { DomainError, ErrorCodes } from '../errors/domain-error';
import { UUID_PATTERN } from '../ids/id-patterns';

/** Keyset pagination position: the (createdAt, id) of the last row of the previous page. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

// Rows get created_at = now(): a position outside these years was not issued by us, and some
// dates JavaScript accepts (before 4713 BC) PostgreSQL cannot hold, failing the query with a 500.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

export function decodeCursor(raw: string): Cursor {
  const [iso, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  const at = createdAt.getTime();
  if (!id || !UUID_PATTERN.test(id) || !(at >= EARLIEST && at < LATEST)) {
    throw new DomainError(ErrorCodes.PAGINATION_BAD_CURSOR, 'cursor is not one this API returned', 'validation');
  }
  return { createdAt, id };
}
