import { HttpStatus } from '@nestjs/common';
import { ErrorCategory } from '@lib/domain';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
  correlationId?: string;
}

export const STATUS_OF: Readonly<Record<ErrorCategory, number>> = {
  validation: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthorized: HttpStatus.UNAUTHORIZED,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
};
