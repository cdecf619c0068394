import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { DomainError, ErrorCodes, UnavailableError } from '@lib/domain';
import { currentCorrelationId } from '@lib/observability';
import { ErrorBody, STATUS_OF } from './error-body';

/** `type` of the error our body-parser verify hook throws for a body nested too deep. */
export const TOO_DEEP_ERROR_TYPE = 'entity.too.deep';

// body-parser failures arrive as errors with a `type`; they are the client's mistake.
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: ErrorCodes.MALFORMED_JSON, message: 'request body is not valid JSON' },
  'entity.too.large': { status: 413, code: ErrorCodes.BODY_TOO_LARGE, message: 'request body is too large' },
  [TOO_DEEP_ERROR_TYPE]: { status: 400, code: ErrorCodes.TOO_DEEP, message: 'request body nests arrays and objects too deep' },
  'encoding.unsupported': { status: 415, code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'unsupported content encoding' },
  'charset.unsupported': { status: 415, code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'unsupported charset; send UTF-8 JSON' },
};

/** Maps every error to `{ error: { code, message, details } }`; only our own bugs become 500. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(exception);
    body.correlationId = currentCorrelationId();
      if (exception instanceof UnavailableError) {
        response.setHeader('Retry-After', String(exception.retryAfterSeconds));
        this.logger.warn(`${exception.code}: ${exception.message}`);
      } else if (status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
      // Every 429 says when to come back (details.retryAfterSeconds, set by the limiters).
      const retryAfter = body.error.details?.retryAfterSeconds;
      if (status === HttpStatus.TOO_MANY_REQUESTS && typeof retryAfter === 'number') response.setHeader('retry-after', String(retryAfter));
    response.status(status).json(body);
  }

  private describe(exception: unknown): [number, ErrorBody] {
    if (exception instanceof DomainError) {
      return [STATUS_OF[exception.category], { error: { code: exception.code, message: exception.message, details: exception.details } }];
    }
    if (exception instanceof UnavailableError) {
      return [HttpStatus.SERVICE_UNAVAILABLE, { error: { code: exception.code, message: exception.message } }];
    }
    // Nest wraps body-parser errors in an HttpException; the original keeps its `type`.
    const raw = exception instanceof HttpException && exception.cause ? exception.cause : exception;
    const parserError = BODY_PARSER_ERRORS[(raw as { type?: string })?.type ?? ''];
    if (parserError) return [parserError.status, { error: { code: parserError.code, message: parserError.message } }];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === HttpStatus.NOT_FOUND ? ErrorCodes.ROUTE_NOT_FOUND : `HTTP.${status}`;
      // Keep what the thrower attached beyond Nest's own fields (e.g. /health says which part is down).
      const response = exception.getResponse();
      const rest: Record<string, unknown> = typeof response === 'object' && response !== null ? { ...(response as object) } : {};
      delete rest.statusCode;
      delete rest.message;
      if (typeof rest.error === 'string') delete rest.error; // Nest's own "Not Found" label
      const details = Object.keys(rest).length > 0 ? rest : undefined;
      return [status, { error: { code, message: exception.message, details } }];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { error: { code: 'INTERNAL', message: 'internal error; see logs by correlation id' } }];
  }
}
