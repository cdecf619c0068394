import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyEntity, ApiKeyRole } from '@lib/persistence';
import { AuthContext } from './auth-context';
import { issueKey, parseKey, secretMatches } from './api-key-secret';

const CACHE_TTL_MS = 30_000;

/** Issues and verifies workspace API keys. Verified keys are cached briefly (revocation lag ≤ 30 s). */
@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<string, { ctx: AuthContext; hash: string; until: number }>();

  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async issue(workspaceId: string, name: string, role: ApiKeyRole): Promise<{ key: ApiKeyEntity; plaintext: string }> {
    const issued = issueKey();
    const key = await this.keys.save(
      this.keys.create({ workspaceId, name, role, prefix: issued.prefix, secretHash: issued.secretHash, revokedAt: null }),
    );
    return { key, plaintext: issued.plaintext };
  }

  async verify(raw: string): Promise<AuthContext | null> {
    const parsed = parseKey(raw);
    if (!parsed) return null;
    const cached = this.cache.get(parsed.prefix);
    if (cached && cached.until > Date.now()) return secretMatches(parsed.secret, cached.hash) ? cached.ctx : null;
    const row = await this.keys.findOne({ where: { prefix: parsed.prefix, revokedAt: IsNull() } });
    if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
    const ctx: AuthContext = { workspaceId: row.workspaceId, apiKeyId: row.id, role: row.role };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(parsed.prefix, { ctx, hash: row.secretHash, until: Date.now() + CACHE_TTL_MS });
    return ctx;
  }

  forget(prefix: string): void {
    this.cache.delete(prefix);
  }
}
