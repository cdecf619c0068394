import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time; hashing first makes the lengths equal. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** With METRICS_TOKEN set, /metrics needs `Authorization: Bearer <token>`; unset, it is open. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly env: HttpEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.env.METRICS_TOKEN;
    if (!token) return true;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (sameSecret(given, token)) return true;
    throw new DomainError(ErrorCodes.UNAUTHORIZED, '/metrics needs Authorization: Bearer <METRICS_TOKEN>', 'unauthorized');
  }
}
