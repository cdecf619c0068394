import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCodes } from '@lib/domain';
import { ApiKeyRole } from '@lib/persistence';
import { ApiKeyService, KeyRefusal } from './api-key.service';
import { AuthContext } from './auth-context';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { clientAddressKey } from './client-address';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

interface AuthedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  auth?: AuthContext;
}

function refusal(reason: KeyRefusal | 'missing'): DomainError {
  if (reason === 'expired') return new DomainError(ErrorCodes.KEY_EXPIRED, 'this API key has expired; issue a new one', 'unauthorized');
  return new DomainError(ErrorCodes.UNAUTHORIZED, 'a valid API key is required (Authorization: Bearer cyu_…)', 'unauthorized');
}

/**
 * Global guard: every route needs a valid key unless marked @Public(); @Roles narrows it.
 * Each refused key counts against the client address (AuthFailureThrottle); a request
 * without any key does not, as it guesses nothing.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly throttle: AuthFailureThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const raw = this.extractKey(request);
    if (!raw) throw refusal('missing');
    const address = clientAddressKey(request.ip);
    const verdict = await this.keys.verify(raw, this.throttle.assertAllowed(address));
    if (!verdict.ok) {
      await this.throttle.recordFailure(address);
      throw refusal(verdict.reason);
    }
    const auth = verdict.auth;
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[]>(ROLES_KEY, targets) ?? [];
    if (auth.role !== 'admin' && !roles.includes(auth.role)) {
      throw new DomainError(ErrorCodes.FORBIDDEN_ROLE, `role '${auth.role}' may not do this`, 'forbidden', {
        allowed: ['admin', ...roles],
      });
    }
    request.auth = auth;
    return true;
  }

  private extractKey(request: AuthedRequest): string | null {
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
    const alt = request.headers['x-api-key'];
    return typeof alt === 'string' && alt.trim() ? alt.trim() : null;
  }
}
