import { registerDecorator, ValidationOptions } from 'class-validator';
import { isValidTimeZone } from '@lib/domain';

// IsInstant lives with the other instant rules in @lib/mechanics (shared with mechanic configs).
export { IsInstant } from '@lib/mechanics';

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
