import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import { parseInstant } from '@lib/domain';

/** Milliseconds of an ISO instant with a zone, or null when it is not one (then IsInstant reports it). */
export function instantMs(value: unknown): number | null {
  const parsed = parseInstant(value);
  return parsed.ok ? parsed.at.getTime() : null;
}

/** ISO-8601 date-time with an explicit zone and a real calendar date, as events carry them. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => instantMs(value) !== null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an ISO-8601 date-time with a zone offset, e.g. 2026-03-03T10:15:00+08:00`,
      },
    },
    options,
  );
}

/**
 * The instant is later than (or, with `orEqual`, not before) the instant `read` takes from the
 * object being validated. Silent while either side is not an instant: IsInstant reports that.
 */
export function IsLaterThan(label: string, read: (object: object) => unknown, orEqual = false): PropertyDecorator {
  return ValidateBy({
    name: 'isLaterThan',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const self = instantMs(value);
        const other = args ? instantMs(read(args.object)) : null;
        if (self === null || other === null) return true;
        return orEqual ? self >= other : self > other;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'value'} must be ${orEqual ? 'at or after' : 'after'} ${label}`,
    },
  });
}
