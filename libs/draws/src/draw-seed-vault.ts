import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DrawEnv } from '@lib/config';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const b64 = (b: Buffer) => b.toString('base64url');

/**
 * Keeps a draw's seed secret at rest and names its entrants. Two keys are derived from
 * DRAW_SEED_KEY with HKDF-SHA256 (no salt, distinct `info`), so sealing and naming never share
 * a key. A sealed seed is AES-256-GCM with the draw id as associated data: it opens only for
 * the draw it was sealed for, and any change to the stored text is detected.
 */
@Injectable()
export class DrawSeedVault {
  private readonly sealKey: Buffer;
  private readonly pseudonymKey: Buffer;

  constructor(env: DrawEnv) {
    const master = Buffer.from(env.DRAW_SEED_KEY, 'hex');
    this.sealKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'canyu draw seed seal v1', 32));
    this.pseudonymKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'canyu draw pseudonym v1', 32));
  }

  /** `v1.<iv>.<ciphertext + tag>`, base64url. */
  seal(drawId: string, seedHex: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv).setAAD(Buffer.from(drawId, 'utf8'));
    const body = Buffer.concat([cipher.update(seedHex, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}.${b64(iv)}.${b64(body)}`;
  }

  open(drawId: string, sealed: string): string {
    const [format, iv, body] = sealed.split('.');
    const bytes = Buffer.from(body ?? '', 'base64url');
    try {
      if (format !== FORMAT || bytes.length <= TAG_BYTES) throw new Error('unknown format');
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(drawId, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // Not a DomainError: an operator can fix it (restore the key) and the draw be retried.
      throw new Error(`the sealed seed of draw ${drawId} does not open with DRAW_SEED_KEY (was the key changed?)`);
    }
  }

  /**
   * The id a participant has in one draw's published list: HMAC-SHA256(pseudonym key,
   * "<drawId>:<participantId>"), first 16 bytes as hex. Nobody without the key can tell who it
   * is, and the same person has unrelated ids in two draws.
   */
  pseudonym(drawId: string, participantId: string): string {
    return createHmac('sha256', this.pseudonymKey).update(`${drawId}:${participantId}`, 'utf8').digest('hex').slice(0, 32);
  }
}
