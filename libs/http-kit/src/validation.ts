import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCodes } from '@lib/domain';
import { NOT_NULL } from './not-null';

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const here = path ? `${path}.${e.property}` : e.property;
    // A null where null is not allowed breaks every rule of the field; say only that.
    const notNull = e.value === null ? e.constraints?.[NOT_NULL] : undefined;
    const own = (notNull ? [notNull] : Object.values(e.constraints ?? {})).map((m) => `${here}: ${m}`);
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

/** Global pipe: unknown fields are refused, types are converted, errors get a stable code. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError(ErrorCodes.VALIDATION_FAILED, 'request is invalid', 'validation', { problems: flatten(errors).slice(0, 50) }),
  });
}
