import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AccessEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { AuthContext } from './auth-context';
import { clientAddressKey } from './client-address';
import { LimiterFactory, retryAfterSeconds } from './limiter-factory';
import { RATE_LIMIT_KEY, RateLimitClass } from './rate-limit.decorator';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface LimitedRequest {
  method: string;
  ip?: string;
  auth?: AuthContext;
}

/**
 * Global guard after ApiKeyGuard: ingest and writes are limited per API key and per client
 * address in Redis (shared by every process); reads are not. A refusal is 429
 * RATE_LIMIT.EXCEEDED with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limits: Record<RateLimitClass, { perKey: RateLimiterRedis; perAddress: RateLimiterRedis }>;

  constructor(
    private readonly reflector: Reflector,
    private readonly limiters: LimiterFactory,
    env: AccessEnv,
  ) {
    const window = env.RATE_LIMIT_WINDOW_SECONDS;
    this.limits = {
      ingest: { perKey: limiters.create('ingest-key', env.RATE_LIMIT_INGEST_PER_KEY, window), perAddress: limiters.create('ingest-ip', env.RATE_LIMIT_INGEST_PER_ADDRESS, window) },
      write: { perKey: limiters.create('write-key', env.RATE_LIMIT_WRITES_PER_KEY, window), perAddress: limiters.create('write-ip', env.RATE_LIMIT_WRITES_PER_ADDRESS, window) },
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LimitedRequest>();
    const declared = this.reflector.getAllAndOverride<RateLimitClass | undefined>(RATE_LIMIT_KEY, [context.getHandler(), context.getClass()]);
    const kind = declared ?? (WRITE_METHODS.has(request.method) ? 'write' : undefined);
    if (!kind) return true;
    this.limiters.noteStore();
    const { perKey, perAddress } = this.limits[kind];
    const taken = [perAddress.consume(clientAddressKey(request.ip))];
    if (request.auth) taken.push(perKey.consume(request.auth.apiKeyId));
    const refused = (await Promise.allSettled(taken)).flatMap((r) => (r.status === 'rejected' && r.reason instanceof RateLimiterRes ? [r.reason] : []));
    if (refused.length === 0) return true;
    const wait = Math.max(...refused.map(retryAfterSeconds));
    throw new DomainError(ErrorCodes.RATE_LIMITED, `too many ${kind} requests: retry after ${wait} s`, 'rate_limited', { retryAfterSeconds: wait, limit: kind });
  }
}
