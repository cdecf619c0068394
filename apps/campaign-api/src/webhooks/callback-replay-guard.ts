import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisEnv, WebhookEnv } from '@lib/config';
import { DomainError, ErrorCodes, UnavailableError, withTimeout } from '@lib/domain';
import { REDIS } from '@lib/queue';

/** How long a callback waits for Redis before it is refused with 503 (the sender retries). */
export const REPLAY_CHECK_TIMEOUT_MS = 2_000;

/**
 * Remembers every accepted callback signature for as long as it could still be accepted
 * (the replay window plus the allowed future skew), so a captured request cannot be replayed.
 * Fails closed: without Redis no callback is accepted.
 */
@Injectable()
export class CallbackReplayGuard {
  private readonly ttlMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly redisEnv: RedisEnv,
    webhookEnv: WebhookEnv,
  ) {
    this.ttlMs = webhookEnv.WEBHOOK_REPLAY_WINDOW_MS + webhookEnv.WEBHOOK_MAX_FUTURE_SKEW_MS;
  }

  /** Key of a verified signature (`v1=<hex>`, so safe in a key) under the deployment's prefix. */
  key(workspaceId: string, signature: string): string {
    return `${this.redisEnv.QUEUE_PREFIX}:callback-seen:${workspaceId}:${signature}`;
  }

  /** Claims a verified signature; throws WEBHOOK.REPLAYED when it was accepted before. */
  async claim(workspaceId: string, signature: string): Promise<void> {
    const set = await this.bounded(this.redis.set(this.key(workspaceId, signature), '1', 'PX', this.ttlMs, 'NX'));
    if (set !== 'OK') throw new DomainError(ErrorCodes.WEBHOOK_REPLAYED, 'callback refused: this signed request was already accepted', 'unauthorized');
  }

  /** Gives a claim back when the callback could not be stored, so the sender's retry is not a "replay". */
  async release(workspaceId: string, signature: string): Promise<void> {
    await this.bounded(this.redis.del(this.key(workspaceId, signature))).catch(() => undefined);
  }

  private async bounded<T>(command: Promise<T>): Promise<T> {
    try {
      return await withTimeout(command, REPLAY_CHECK_TIMEOUT_MS, () => new Error(`no answer within ${REPLAY_CHECK_TIMEOUT_MS} ms`));
    } catch (err) {
      throw new UnavailableError(ErrorCodes.WEBHOOK_REPLAY_CHECK_UNAVAILABLE, `callback replay check unavailable (Redis: ${(err as Error).message}); retry later`);
    }
  }
}
