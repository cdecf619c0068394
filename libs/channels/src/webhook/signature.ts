import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-canyu-signature';
export const TIMESTAMP_HEADER = 'x-canyu-timestamp';

/**
 * Each workspace signs and verifies with its own key, derived from the one master secret in
 * the environment: a key leaked by one workspace's receiver cannot forge another's callbacks.
 */
export function workspaceSigningKey(masterSecret: string, workspaceId: string): string {
  return createHmac('sha256', masterSecret).update(`canyu-webhook:${workspaceId}`).digest('hex');
}

/** v1 signature: hex HMAC-SHA256 over `${timestamp}.${body}` (timestamp in Unix seconds). */
export function signPayload(secret: string, timestampSec: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'MISSING' | 'STALE' | 'FUTURE' | 'MISMATCH' };

/** Default tolerance for a sender's clock running ahead (WEBHOOK_MAX_FUTURE_SKEW_MS). */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 60_000;

/**
 * Checks a signed request: refuses a timestamp older than the replay window or further in the
 * future than the allowed clock skew (a future timestamp would stretch the replay window).
 * Replays inside the window are the caller's to refuse (it must remember what it accepted).
 */
export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  now: Date,
  windowMs: number,
  maxFutureSkewMs = DEFAULT_MAX_FUTURE_SKEW_MS,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'MISSING' };
  const ts = Number(timestamp);
  const ageMs = now.getTime() - ts * 1000;
  if (ageMs > windowMs) return { ok: false, reason: 'STALE' };
  if (-ageMs > maxFutureSkewMs) return { ok: false, reason: 'FUTURE' };
  const expected = Buffer.from(signPayload(secret, ts, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'MISMATCH' };
  return { ok: true };
}
