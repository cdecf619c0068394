import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiKeyRole } from '@lib/persistence';
import { AuthContext } from './auth-context';

export const ROLES_KEY = 'canyu:roles';
export const PUBLIC_KEY = 'canyu:public';

/** Roles allowed on a route besides `admin`, which may do everything. */
export const Roles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES_KEY, roles);

/** Route needs no API key (health, metrics, signed webhooks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

// Readers of campaign data: everyone but ingest-only keys.
export const READERS: ApiKeyRole[] = ['marketer', 'staff', 'viewer'];

export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const request = ctx.switchToHttp().getRequest<{ auth: AuthContext }>();
  return request.auth;
});
