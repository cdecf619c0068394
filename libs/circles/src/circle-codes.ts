/** Stable error codes of the fan-circle API. */
export const CircleErrors = {
  NOT_FOUND: 'CIRCLE.NOT_FOUND',
  EXISTS: 'CIRCLE.EXISTS',
  POSITION_TAKEN: 'CIRCLE.POSITION_TAKEN',
  BAD_ORDER: 'CIRCLE.BAD_ORDER',
  TOO_MANY: 'CIRCLE.TOO_MANY',
  INVALID_RULE: 'CIRCLE.INVALID_RULE',
  INVALID_PHASES: 'CIRCLE.INVALID_PHASES',
  SEATS_BELOW_ADMITTED: 'CIRCLE.SEATS_BELOW_ADMITTED',
  ALREADY_INSIDE: 'CIRCLE.ALREADY_INSIDE',
  ADMISSION_NOT_FOUND: 'CIRCLE.ADMISSION_NOT_FOUND',
  REQUESTED_IN_FUTURE: 'CIRCLE.REQUESTED_IN_FUTURE',
} as const;

/** Why a participant moved between circles: every history row carries one. */
export const MOVE_REASONS = [
  'MARKETER_DECISION',
  'ADMITTED',
  'PROMOTED_POINTS',
  'PROMOTED_SPREAD',
  'PROMOTED_TENURE',
  'DEMOTED_INACTIVE',
] as const;
export type MoveReason = (typeof MOVE_REASONS)[number];

/** Ring names follow participant circle names: lower-case letters, digits and dashes. */
export const CIRCLE_NAME_PATTERN = /^[a-z0-9-]+$/;
export const CIRCLE_NAME_MAX = 64;
/** Rings per workspace and phases per ring: small by nature, so lists of them are not paged. */
export const MAX_RINGS = 20;
export const MAX_PHASES = 20;
export const MAX_SEATS = 1_000_000;
export const MAX_RULE_DAYS = 3650;
export const MAX_RULE_POINTS = 1_000_000_000;
