import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** An object whose keys come from `allowed` and whose values are finite weights in [0, 100]. */
export function IsWeightMap(allowed: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isWeightMap',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `$property keys must be among ${allowed.join(', ')} with numbers from 0 to 100`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.entries(value).every(([k, v]) => allowed.includes(k) && typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100),
      },
    });
}

/** The property must differ from a sibling property (e.g. quiet hours from ≠ to). */
export function NotEqualTo(sibling: string, options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'notEqualTo',
      target: target.constructor,
      propertyName: property as string,
      constraints: [sibling],
      options: { message: `$property must differ from ${sibling}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => value !== (args.object as Record<string, unknown>)[sibling],
      },
    });
}
