import { parseInstant } from '@lib/domain';

export const MAX_KEY_LIFETIME_DAYS = 3650;
const DAY_MS = 86_400_000;

export interface ExpiryRequest {
  expiresAt?: string;
  expiresInDays?: number;
}

export type ResolvedExpiry = { ok: true; expiresAt: Date | null } | { ok: false; problem: string };

/**
 * A new key's expiry: `expiresAt` (an instant with offset, in the future, at most 3650 days
 * ahead) or `expiresInDays` (1..3650, from now), never both; neither means it never expires.
 */
export function resolveKeyExpiry(request: ExpiryRequest, now: Date): ResolvedExpiry {
  const { expiresAt, expiresInDays } = request;
  if (expiresAt !== undefined && expiresInDays !== undefined) {
    return { ok: false, problem: 'give expiresAt or expiresInDays, not both' };
  }
  if (expiresInDays !== undefined) {
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_KEY_LIFETIME_DAYS) {
      return { ok: false, problem: `expiresInDays must be an integer from 1 to ${MAX_KEY_LIFETIME_DAYS}` };
    }
    return { ok: true, expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS) };
  }
  if (expiresAt === undefined) return { ok: true, expiresAt: null };
  const parsed = parseInstant(expiresAt);
  if (!parsed.ok) return { ok: false, problem: `expiresAt ${parsed.reason}` };
  if (parsed.at.getTime() <= now.getTime()) return { ok: false, problem: 'expiresAt must be in the future' };
  if (parsed.at.getTime() > now.getTime() + MAX_KEY_LIFETIME_DAYS * DAY_MS) {
    return { ok: false, problem: `expiresAt may be at most ${MAX_KEY_LIFETIME_DAYS} days ahead` };
  }
  return { ok: true, expiresAt: parsed.at };
}

/** A key is refused from its expiry instant on. */
export function isExpired(expiresAt: Date | null, now: number): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now;
}
