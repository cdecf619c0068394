/**
 * A dependency the request needs is down (not the client's mistake, and not a business rule):
 * HTTP apps answer 503 with Retry-After and this stable code. Unlike a DomainError, the worker
 * treats it as retryable.
 */
export class UnavailableError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
    this.name = 'UnavailableError';
  }
}
