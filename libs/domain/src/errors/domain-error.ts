/**
 * A business-rule failure with a stable, machine-readable code. HTTP apps map the
 * code's category to a 4xx status; the worker maps it to a non-retryable failure.
 */
export type ErrorCategory = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'too_large' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly category: ErrorCategory = 'validation',
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const ErrorCodes = {
  VALIDATION_FAILED: 'REQUEST.VALIDATION_FAILED',
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  BODY_TOO_LARGE: 'REQUEST.BODY_TOO_LARGE',
  BATCH_TOO_LARGE: 'INGEST.BATCH_TOO_LARGE',
  UNAUTHORIZED: 'AUTH.UNAUTHORIZED',
  FORBIDDEN_ROLE: 'AUTH.FORBIDDEN_ROLE',
  KEY_EXPIRED: 'AUTH.KEY_EXPIRED',
  AUTH_SLOWED_DOWN: 'AUTH.TOO_MANY_FAILURES',
  AUTH_LOCKED_OUT: 'AUTH.LOCKED_OUT',
  RATE_LIMITED: 'RATE_LIMIT.EXCEEDED',
  CAMPAIGN_NOT_FOUND: 'CAMPAIGN.NOT_FOUND',
  CAMPAIGN_ILLEGAL_TRANSITION: 'CAMPAIGN.ILLEGAL_TRANSITION',
  CAMPAIGN_NOT_EDITABLE: 'CAMPAIGN.NOT_EDITABLE',
  CAMPAIGN_INVALID_SCHEDULE: 'CAMPAIGN.INVALID_SCHEDULE',
  NODE_NOT_FOUND: 'NODE.NOT_FOUND',
  NODE_INVALID_WINDOW: 'NODE.INVALID_WINDOW',
  MECHANIC_UNKNOWN_KIND: 'MECHANIC.UNKNOWN_KIND',
  MECHANIC_CONFIG_INVALID: 'MECHANIC.CONFIG_INVALID',
  EVENT_NOT_FOUND: 'EVENT.NOT_FOUND',
  API_KEY_NOT_FOUND: 'API_KEY.NOT_FOUND',
  PARTICIPANT_NOT_FOUND: 'PARTICIPANT.NOT_FOUND',
  WEBHOOK_BAD_SIGNATURE: 'WEBHOOK.BAD_SIGNATURE',
  WEBHOOK_STALE: 'WEBHOOK.STALE_TIMESTAMP',
  WEBHOOK_BLOCKED_DESTINATION: 'WEBHOOK.BLOCKED_DESTINATION',
  PAGINATION_BAD_CURSOR: 'PAGINATION.BAD_CURSOR',
  ROUTE_NOT_FOUND: 'ROUTE.NOT_FOUND',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
