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

export type SignatureCheck = { ok: true } | { ok: false; reason: 'MISSING' | 'STALE' | 'MISMATCH' };

/** Checks a signed request; refuses anything older or newer than the replay window. */
export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  now: Date,
  windowMs: number,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'MISSING' };
  const ts = Number(timestamp);
  if (Math.abs(now.getTime() - ts * 1000) > windowMs) return { ok: false, reason: 'STALE' };
  const expected = Buffer.from(signPayload(secret, ts, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'MISMATCH' };
  return { ok: true };
}
