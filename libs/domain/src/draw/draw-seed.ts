import { createHash, randomBytes } from 'node:crypto';
import { DomainError, ErrorCodes } from '../errors/domain-error';

/** A draw seed as written everywhere: 32 bytes as 64 lowercase hex digits. */
export const DRAW_SEED_PATTERN = /^[0-9a-f]{64}$/;
/** SHA-256 digests (commitments, list hashes) as 64 lowercase hex digits. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** A fresh secret seed: 32 bytes from the CSPRNG, as lowercase hex. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** The 32 raw bytes a seed stands for; refuses anything but 64 lowercase hex digits. */
export function seedBytes(seedHex: string): Buffer {
  if (typeof seedHex !== 'string' || !DRAW_SEED_PATTERN.test(seedHex)) {
    throw new DomainError(ErrorCodes.DRAW_INVALID_SEED, 'a draw seed is 64 lowercase hex digits (32 bytes)');
  }
  return Buffer.from(seedHex, 'hex');
}

/**
 * The published commitment: SHA-256 over the seed's 32 raw bytes (not over its hex text),
 * as lowercase hex. `printf '%s' <seed> | xxd -r -p | sha256sum` gives the same digest.
 */
export function commitmentOf(seedHex: string): string {
  return createHash('sha256').update(seedBytes(seedHex)).digest('hex');
}
