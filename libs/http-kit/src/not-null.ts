import { registerDecorator, ValidationOptions } from 'class-validator';

/** Constraint name the validation pipe looks for (see validation.ts). */
export const NOT_NULL = 'notNull';

/**
 * The property may be absent (when optional) but never null. Put it on fields that cannot be
 * cleared: the pipe then reports only "may not be null" instead of every rule null breaks.
 */
export function NotNull(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: NOT_NULL,
      target: target.constructor,
      propertyName: property as string,
      options: { message: '$property may not be null', ...options },
      validator: { validate: (value: unknown) => value !== null },
    });
}
