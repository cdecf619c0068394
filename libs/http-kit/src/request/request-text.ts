import { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCodes } from '@lib/domain';

// U+0000, or a surrogate not part of a pair (a pair is one code point in a /u regex).
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/**
 * Where a string PostgreSQL cannot store sits in a parsed body or query, or null: text and
 * jsonb refuse U+0000, and jsonb refuses a lone UTF-16 surrogate (JSON lets a client write
 * "\ud800"). Keys count as much as values. Bodies are depth-limited before parsing, so the
 * recursion stays shallow.
 */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(root)' : null;
  if (value === null || typeof value !== 'object') return null;
  const isArray = Array.isArray(value);
  for (const [key, child] of Object.entries(value)) {
    const here = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!isArray && UNSTORABLE.test(key)) return `${path || '(root)'} (a key)`;
    const found = findUnstorableText(child, here);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses NUL characters and lone surrogates at the door rather than fail at the INSERT.
 * Path parameters need only the NUL check: percent-decoding UTF-8 cannot yield a lone
 * surrogate (an invalid sequence already fails with 400).
 */
export function rejectUnstorableText(req: Request, _res: Response, next: NextFunction): void {
  const where = req.url.includes('%00') ? 'path' : findUnstorableText(req.query, 'query') ?? findUnstorableText(req.body, 'body');
  if (where) {
    next(
      new DomainError(ErrorCodes.VALIDATION_FAILED, 'strings may not hold NUL characters (U+0000) or lone UTF-16 surrogates', 'validation', {
        at: where.slice(0, 200),
      }),
    );
    return;
  }
  next();
}
