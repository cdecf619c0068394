import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const HOW_TO_FIX =
  'run `npm start` once (it writes .canyu/secrets.env) or `export CODE_HASH_KEY=$(openssl rand -hex 32)`; ' +
  'keep it: codes issued under one key are found only with the same key';

/**
 * The processes that issue, redeem, reserve or transfer invite codes (@lib/codes). Codes are
 * stored only as HMAC-SHA256(CODE_HASH_KEY, code). No default: with a known key, anyone who can
 * read the database could test guesses offline against every stored hash.
 */
export class CodesEnv {
  @Matches(/^[0-9a-fA-F]{64}$/, { message: `CODE_HASH_KEY must be 64 hex digits (32 random bytes): ${HOW_TO_FIX}` })
  // A key of one repeated digit is no secret (the all-zero key an example would show).
  @Matches(/^(?!(.)\1*$)/, { message: `CODE_HASH_KEY is one digit repeated, not a random key: ${HOW_TO_FIX}` })
  CODE_HASH_KEY = '';
}

/**
 * Brute-force limits on code use over HTTP (campaign-api): after CODE_FAILURES_LOCKOUT_AFTER
 * guesses (UNKNOWN or NOT_YOURS) within CODE_FAILURES_WINDOW_SECONDS, the participant — and,
 * separately, the client address — is refused with CODE.LOCKED_OUT for CODE_LOCKOUT_SECONDS.
 */
export class CodeLockoutEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) CODE_FAILURES_LOCKOUT_AFTER = 10;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(86_400) CODE_FAILURES_WINDOW_SECONDS = 900;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(86_400) CODE_LOCKOUT_SECONDS = 900;
}
