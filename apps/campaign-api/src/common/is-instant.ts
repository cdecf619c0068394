import { registerDecorator, ValidationOptions } from 'class-validator';
import { isValidTimeZone, parseInstant } from '@lib/domain';

/** ISO-8601 date-time with an explicit zone and a real calendar date. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: property as string,
      options: { message: '$property must be an ISO-8601 date-time with a zone offset, e.g. 2026-03-03T10:15:00+08:00', ...options },
      validator: { validate: (value: unknown) => parseInstant(value).ok },
    });
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: property as string,
      options: { message: '$property must be an IANA time zone such as Asia/Shanghai', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidTimeZone(value) },
    });
}

export const toDate = (value: string | null | undefined): Date | null | undefined =>
  value === undefined ? undefined : value === null ? null : new Date(value);
