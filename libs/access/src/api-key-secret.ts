import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys look like `cyu_<prefix>_<secret>`; the prefix finds the row, the secret is hashed. */
export interface IssuedKey {
  plaintext: string;
  prefix: string;
  secretHash: string;
}

const KEY_SHAPE = /^cyu_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function issueKey(): IssuedKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { plaintext: `cyu_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

// 256 random bits need no slow KDF: SHA-256 is enough to make a leaked table useless.
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseKey(raw: string): { prefix: string; secret: string } | null {
  const match = KEY_SHAPE.exec(raw);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
