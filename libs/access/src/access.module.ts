import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PersistenceModule } from '@lib/persistence';
import { RedisModule } from '@lib/queue';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { LimiterFactory } from './limiter-factory';
import { RateLimitGuard } from './rate-limit.guard';
import { RevocationEpoch } from './revocation-epoch';

/**
 * API-key authentication and request limits for an HTTP app (needs AccessEnv and RedisEnv).
 * Guards run in this order: the key (and failed-auth lockout), then the rate limits.
 */
@Module({
  imports: [PersistenceModule, RedisModule],
  providers: [
    RevocationEpoch,
    ApiKeyService,
    LimiterFactory,
    AuthFailureThrottle,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [ApiKeyService, LimiterFactory],
})
export class AccessModule {}
