import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCodes } from '@lib/domain';
import { ApiKeyRole } from '@lib/persistence';
import { ApiKeyService } from './api-key.service';
import { AuthContext } from './auth-context';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

interface AuthedRequest {
  headers: Record<string, string | string[] | undefined>;
  auth?: AuthContext;
}

/** Global guard: every route needs a valid key unless marked @Public(); @Roles narrows it. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const raw = this.extractKey(request);
    const auth = raw ? await this.keys.verify(raw) : null;
    if (!auth) {
      throw new DomainError(ErrorCodes.UNAUTHORIZED, 'a valid API key is required (Authorization: Bearer cyu_…)', 'unauthorized');
    }
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
    if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
    const alt = request.headers['x-api-key'];
    return typeof alt === 'string' ? alt.trim() : null;
  }
}
