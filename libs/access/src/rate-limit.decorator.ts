import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_KEY = 'canyu:rate-limit';

/** `ingest`: the ingest limits (per key and per address) instead of the write limits. */
export type RateLimitClass = 'ingest' | 'write';

/** Puts a route under a limit class; POST/PUT/PATCH/DELETE default to `write`, reads to none. */
export const RateLimit = (kind: RateLimitClass) => SetMetadata(RATE_LIMIT_KEY, kind);
