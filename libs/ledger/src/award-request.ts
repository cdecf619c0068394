import { DomainError, LedgerErrors, REWARD_KINDS, UUID_PATTERN } from '@lib/domain';
import { AwardRequest } from './award.types';

export const DEFAULT_HOLD_MS = 15 * 60_000;
export const MAX_HOLD_MS = 30 * 86_400_000;
export const MAX_SOURCE_KEY_LENGTH = 500;

/** What the ledger does for a request: the pools to try in order, or an amount drawn from the budget alone. */
export interface PlannedAward {
  pools: string[];
  amountMinor: number | null;
  holdMs: number;
}

const invalid = (field: string, message: string) => new DomainError(LedgerErrors.INVALID_AWARD, message, 'validation', { field });
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_PATTERN.test(v);

/**
 * Checks a request from our own code (a mechanic's award). A bad one is a bug in the caller,
 * so it throws (LEDGER.INVALID_AWARD) rather than being refused like an empty pool.
 */
export function planAward(req: AwardRequest): PlannedAward {
  for (const field of ['workspaceId', 'campaignId', 'participantId'] as const) {
    if (!isUuid(req[field])) throw invalid(field, `${field} must be a uuid`);
  }
  for (const field of ['activityId', 'nodeId', 'poolId'] as const) {
    if (req[field] !== undefined && !isUuid(req[field])) throw invalid(field, `${field} must be a uuid when given`);
  }
  if (typeof req.sourceKey !== 'string' || req.sourceKey.length === 0 || req.sourceKey.length > MAX_SOURCE_KEY_LENGTH) {
    throw invalid('sourceKey', `sourceKey must be 1–${MAX_SOURCE_KEY_LENGTH} characters`);
  }
  if (!REWARD_KINDS.includes(req.kind)) throw invalid('kind', `kind must be one of ${REWARD_KINDS.join(', ')}`);
  const fallbacks = req.fallbackPoolIds ?? [];
  if (!Array.isArray(fallbacks) || !fallbacks.every(isUuid)) throw invalid('fallbackPoolIds', 'fallbackPoolIds must be uuids');
  if (fallbacks.length > 0 && !req.poolId) throw invalid('fallbackPoolIds', 'fallbackPoolIds need a poolId to fall back from');
  if (req.poolId && req.amountMinor !== undefined) throw invalid('amountMinor', "a pool's award is worth its unit value; give poolId or amountMinor, not both");
  if (!req.poolId && !(Number.isSafeInteger(req.amountMinor) && (req.amountMinor as number) >= 0)) {
    throw invalid('amountMinor', 'an award without a pool needs amountMinor, a whole number of minor units ≥ 0');
  }
  const holdMs = req.holdMs ?? DEFAULT_HOLD_MS;
  if (!Number.isInteger(holdMs) || holdMs < 1 || holdMs > MAX_HOLD_MS) throw invalid('holdMs', `holdMs must be an integer in 1..${MAX_HOLD_MS}`);
  const pools = req.poolId ? [...new Set([req.poolId, ...fallbacks])] : [];
  return { pools, amountMinor: req.poolId ? null : (req.amountMinor as number), holdMs };
}
