import { createHmac, randomBytes } from 'node:crypto';

/**
 * Scarce invite / reservation codes (the issue after contests builds pools, redemption and the
 * purchase gate on this). A code is `length` random symbols from a 32-letter alphabet without
 * the look-alikes 0/O and 1/I, plus one check symbol (Luhn mod 32), so a typo is told apart
 * from a guess before any lookup. Codes are stored as a keyed hash, never in clear.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const N = CODE_ALPHABET.length; // 32: one random byte & 31 is an unbiased symbol
const VALUE = new Map([...CODE_ALPHABET].map((c, i) => [c, i]));

export const DEFAULT_CODE_LENGTH = 10; // 50 bits of randomness before the check symbol

/** The Luhn mod N check symbol of `payload` (all symbols of CODE_ALPHABET). */
export function checkSymbol(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * VALUE.get(payload[i])!;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CODE_ALPHABET[(N - (sum % N)) % N];
}

/** `count` fresh codes from the CSPRNG (payload + check symbol), unique within the batch. */
export function generateCodes(count: number, length = DEFAULT_CODE_LENGTH): string[] {
  if (!Number.isSafeInteger(count) || count < 0 || count > 10_000_000) throw new RangeError('count must be an integer from 0 to 10,000,000');
  if (!Number.isSafeInteger(length) || length < 6 || length > 32) throw new RangeError('length must be an integer from 6 to 32');
  const out = new Set<string>();
  while (out.size < count) {
    const bytes = randomBytes((count - out.size) * length);
    for (let at = 0; at + length <= bytes.length && out.size < count; at += length) {
      let payload = '';
      for (let i = 0; i < length; i++) payload += CODE_ALPHABET[bytes[at + i] & 31];
      out.add(payload + checkSymbol(payload));
    }
  }
  return [...out];
}

export type CodeInput = { ok: true; code: string } | { ok: false; reason: 'MALFORMED' | 'TYPO' };

/**
 * What a person typed, as a code: case, spaces and dashes do not matter. MALFORMED: not a code
 * at all (wrong length, a symbol outside the alphabet); TYPO: the check symbol disagrees — a
 * mistyped code, not a guess, so it does not count as a failed attempt on anyone's code.
 */
export function readCode(raw: unknown, length = DEFAULT_CODE_LENGTH): CodeInput {
  if (typeof raw !== 'string' || raw.length > 100) return { ok: false, reason: 'MALFORMED' };
  const code = raw.normalize('NFKC').toUpperCase().replace(/[\s-]+/g, '');
  if (code.length !== length + 1 || ![...code].every((c) => VALUE.has(c))) return { ok: false, reason: 'MALFORMED' };
  return checkSymbol(code.slice(0, -1)) === code.slice(-1) ? { ok: true, code } : { ok: false, reason: 'TYPO' };
}

/** For printing: groups of four, e.g. `7KQ2-M9XD-HT4`. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** The stored form: HMAC-SHA256 under the installation's code key, so a database dump reveals no code. */
export function codeHash(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(code).digest('hex');
}
