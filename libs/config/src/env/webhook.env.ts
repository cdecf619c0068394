import { IsBoolean, IsInt, IsOptional, Max, Min, MinLength } from 'class-validator';
import { Transform, Type } from 'class-transformer';

export class WebhookEnv {
  /** HMAC-SHA256 key for outbound webhook signatures and inbound callback checks. */
  @MinLength(16, { message: 'WEBHOOK_SIGNING_SECRET must be at least 16 characters' })
  WEBHOOK_SIGNING_SECRET = 'canyu-dev-only-signing-secret';

  @IsOptional() @Type(() => Number) @IsInt() @Min(1_000) @Max(3_600_000)
  WEBHOOK_REPLAY_WINDOW_MS = 300_000;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5_000;

  /** Let webhooks reach private and loopback addresses (an on-premise receiver); off by default. */
  @IsOptional() @Transform(({ value }) => value === true || value === 'true' || value === '1') @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
}
