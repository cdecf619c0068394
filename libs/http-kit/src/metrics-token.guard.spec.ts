import 'reflect-metadata';
import { ExecutionContext } from '@nestjs/common';
import { HttpEnv } from '@lib/config';
import { DomainError } from '@lib/domain';
import { MetricsTokenGuard } from './metrics-token.guard';

const context = (authorization?: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }) }) as unknown as ExecutionContext;
const guard = (token?: string) => new MetricsTokenGuard(Object.assign(new HttpEnv(), { METRICS_TOKEN: token }));

describe('MetricsTokenGuard', () => {
  it('should let everyone scrape when METRICS_TOKEN is unset', () => {
    expect(guard(undefined).canActivate(context())).toBe(true);
  });

  it('should let the bearer of the token scrape when it is set', () => {
    expect(guard('scrape-token-0123456789').canActivate(context('Bearer scrape-token-0123456789'))).toBe(true);
  });

  it('should refuse a missing, wrong or differently long token with 401 AUTH.UNAUTHORIZED', () => {
    const g = guard('scrape-token-0123456789');
    for (const header of [undefined, 'Bearer nope', 'Bearer scrape-token-01234567890', 'scrape-token-0123456789', 'Basic c2NyYXBl']) {
      expect(() => g.canActivate(context(header))).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHORIZED', category: 'unauthorized' }) as DomainError);
    }
  });
});
