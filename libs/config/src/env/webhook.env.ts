import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Transform, Type } from 'class-transformer';
import { BootWarnings } from '../validate-env';
import { asFlag } from './flag';
import { INSECURE_DEV_SIGNING_SECRET, IsUsableSigningSecret } from './signing-secret';

export class WebhookEnv implements BootWarnings {
  /**
   * Development only: without WEBHOOK_SIGNING_SECRET, sign with a fixed, public secret instead
   * of refusing to boot. Anyone can forge callbacks then, so it is never on by default.
   */
  @IsOptional() @Transform(asFlag) @IsBoolean()
  CANYU_INSECURE_DEV_SECRETS = false;

  /**
   * HMAC-SHA256 master key for outbound webhook signatures and inbound callback checks. No
   * default: a known key would let anyone sign callbacks (see signing-secret.ts for the rules).
   */
  @Transform(({ value, obj }) => (value === '' && asFlag({ value: (obj as Record<string, unknown>).CANYU_INSECURE_DEV_SECRETS }) ? INSECURE_DEV_SIGNING_SECRET : value))
  @IsUsableSigningSecret()
  WEBHOOK_SIGNING_SECRET = '';

  @IsOptional() @Type(() => Number) @IsInt() @Min(1_000) @Max(3_600_000)
  WEBHOOK_REPLAY_WINDOW_MS = 300_000;

  /** How far in the future a callback's timestamp may lie (clock skew of the sender). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(300_000)
  WEBHOOK_MAX_FUTURE_SKEW_MS = 60_000;

  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5_000;

  /** Let webhooks reach private and loopback addresses (an on-premise receiver); off by default. */
  @IsOptional() @Transform(asFlag) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  bootWarnings(): string[] {
    if (this.WEBHOOK_SIGNING_SECRET !== INSECURE_DEV_SIGNING_SECRET) return [];
    return [
      'INSECURE: CANYU_INSECURE_DEV_SECRETS=true and no WEBHOOK_SIGNING_SECRET, so webhooks and callbacks use a fixed, public ' +
        'development secret; anyone who knows a workspace id can forge callbacks. Never run like this outside a development machine.',
    ];
  }
}
