/**
 * Outcomes of using an invite code (redeem, reserve, transfer). Every refusal is one of these
 * codes; the HTTP status each maps to is in CODE_REFUSAL_CATEGORY.
 */
export const CodeErrors = {
  POOL_NOT_FOUND: 'CODE.POOL_NOT_FOUND',
  CODE_NOT_FOUND: 'CODE.NOT_FOUND',
  MALFORMED: 'CODE.MALFORMED',
  TYPO: 'CODE.TYPO',
  UNKNOWN: 'CODE.UNKNOWN',
  ALREADY_USED: 'CODE.ALREADY_USED',
  EXPIRED: 'CODE.EXPIRED',
  NOT_YOURS: 'CODE.NOT_YOURS',
  RESERVED: 'CODE.RESERVED',
  WRONG_PRODUCT: 'CODE.WRONG_PRODUCT',
  ALREADY_TRANSFERRED: 'CODE.ALREADY_TRANSFERRED',
  NOT_TRANSFERABLE: 'CODE.NOT_TRANSFERABLE',
  LOCKED_OUT: 'CODE.LOCKED_OUT',
  POOL_EXPIRED: 'CODE.POOL_EXPIRED',
  NOT_YET_ALLOCATABLE: 'CODE.NOT_YET_ALLOCATABLE',
  CIRCLE_NOT_ALLOWED: 'CODE.CIRCLE_NOT_ALLOWED',
  PARTICIPANT_LIMIT_REACHED: 'CODE.PARTICIPANT_LIMIT_REACHED',
  POOL_CAPACITY_REACHED: 'CODE.POOL_CAPACITY_REACHED',
  BATCH_ALREADY_ISSUED: 'CODE.BATCH_ALREADY_ISSUED',
  RESERVATION_NOT_FOUND: 'CODE.RESERVATION_NOT_FOUND',
  SAME_PARTICIPANT: 'CODE.SAME_PARTICIPANT',
} as const;

/** What a redeem / reserve / transfer can say no with. */
export type CodeRefusal =
  | typeof CodeErrors.MALFORMED
  | typeof CodeErrors.TYPO
  | typeof CodeErrors.UNKNOWN
  | typeof CodeErrors.ALREADY_USED
  | typeof CodeErrors.EXPIRED
  | typeof CodeErrors.NOT_YOURS
  | typeof CodeErrors.RESERVED
  | typeof CodeErrors.WRONG_PRODUCT
  | typeof CodeErrors.ALREADY_TRANSFERRED
  | typeof CodeErrors.NOT_TRANSFERABLE;

type Category = 'validation' | 'not_found' | 'conflict' | 'forbidden';
export const CODE_REFUSAL_CATEGORY: Record<CodeRefusal, Category> = {
  'CODE.MALFORMED': 'validation',
  'CODE.TYPO': 'validation',
  'CODE.UNKNOWN': 'not_found',
  'CODE.ALREADY_USED': 'conflict',
  'CODE.EXPIRED': 'conflict',
  'CODE.NOT_YOURS': 'forbidden',
  'CODE.RESERVED': 'conflict',
  'CODE.WRONG_PRODUCT': 'conflict',
  'CODE.ALREADY_TRANSFERRED': 'conflict',
  'CODE.NOT_TRANSFERABLE': 'conflict',
};

/**
 * Refusals that count as a failed guess towards the lockout. A TYPO or MALFORMED input is a
 * slip of the finger, caught by the check symbol before any lookup; an ALREADY_USED or EXPIRED
 * code is a real code. UNKNOWN and NOT_YOURS are what guessing produces.
 */
export const GUESS_REFUSALS: ReadonlySet<string> = new Set([CodeErrors.UNKNOWN, CodeErrors.NOT_YOURS]);
