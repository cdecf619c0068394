import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeyEntity, ApiKeyRole } from '@lib/persistence';
import { AuthContext } from './auth-context';
import { issueKey, parseKey, secretMatches } from './api-key-secret';
import { isExpired } from './key-expiry';
import { RevocationEpoch } from './revocation-epoch';
import { TtlLru } from './ttl-lru';

const KNOWN_TTL_MS = 30_000;
const UNKNOWN_TTL_MS = 60_000;
const CACHE_ENTRIES = 10_000;

/** Why a presented key was refused; `expired` is told to the caller, the rest are not. */
export type KeyRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired';
export type KeyVerdict = { ok: true; auth: AuthContext } | { ok: false; reason: KeyRefusal };

interface KnownKey {
  ctx: AuthContext;
  hash: string;
  revoked: boolean;
  expiresAt: Date | null;
  epoch: string;
}

/**
 * Issues and verifies workspace API keys. A loaded key is reused only while the shared
 * revocation epoch is unchanged (so a revocation anywhere is seen by the next request), never
 * while Redis is unreadable; unknown prefixes are remembered briefly so floods of made-up keys
 * cost no query.
 */
@Injectable()
export class ApiKeyService {
  private readonly known = new TtlLru<string, KnownKey>(CACHE_ENTRIES, KNOWN_TTL_MS);
  private readonly unknown = new TtlLru<string, true>(CACHE_ENTRIES, UNKNOWN_TTL_MS);

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly epoch: RevocationEpoch,
  ) {}

  async issue(workspaceId: string, name: string, role: ApiKeyRole, expiresAt: Date | null = null): Promise<{ key: ApiKeyEntity; plaintext: string }> {
    const issued = issueKey();
    this.unknown.delete(issued.prefix);
    const key = await this.keys.save(
      this.keys.create({ workspaceId, name, role, prefix: issued.prefix, secretHash: issued.secretHash, revokedAt: null, expiresAt }),
    );
    return { key, plaintext: issued.plaintext };
  }

  /**
   * `gate` (e.g. the lockout check) must pass before the key is looked at; it runs alongside
   * the epoch read so the two cost one round trip to Redis.
   */
  async verify(raw: string, gate: Promise<void> = Promise.resolve()): Promise<KeyVerdict> {
    const reading = this.epoch.current();
    await gate;
    const parsed = parseKey(raw);
    if (!parsed) return { ok: false, reason: 'malformed' };
    if (this.unknown.get(parsed.prefix)) return { ok: false, reason: 'unknown' };
    // The epoch is read before the row: a revocation committed after this read bumps it after.
    const epoch = await reading;
    let key = epoch === null ? undefined : this.known.get(parsed.prefix);
    if (!key || key.epoch !== epoch) {
      const row = await this.keys.findOne({ where: { prefix: parsed.prefix } });
      if (!row) {
        this.unknown.set(parsed.prefix, true);
        return { ok: false, reason: 'unknown' };
      }
      key = {
        ctx: { workspaceId: row.workspaceId, apiKeyId: row.id, role: row.role },
        hash: row.secretHash,
        revoked: row.revokedAt !== null,
        expiresAt: row.expiresAt,
        epoch: epoch ?? '',
      };
      if (epoch !== null) this.known.set(parsed.prefix, key);
    }
    if (!secretMatches(parsed.secret, key.hash)) return { ok: false, reason: 'unknown' };
    if (key.revoked) return { ok: false, reason: 'revoked' };
    if (isExpired(key.expiresAt, Date.now())) return { ok: false, reason: 'expired' };
    return { ok: true, auth: key.ctx };
  }

  /** Call after the revoking transaction committed: this process forgets at once, others on their next request. */
  async revoked(prefix: string): Promise<void> {
    this.known.delete(prefix);
    try {
      await this.epoch.bump();
    } catch {
      // Stored, but other processes learn of it only when their cache entry expires.
      throw new ServiceUnavailableException(`the key is revoked, but other processes may accept it for up to ${KNOWN_TTL_MS / 1000} s; retry the DELETE`);
    }
  }
}
