import { registerDecorator, ValidationOptions } from 'class-validator';
import { isCurrencyCode } from '@lib/domain';

/** An ISO 4217 code the runtime knows (CNY, USD, …), upper case. */
export function IsCurrency(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isCurrency',
      target: target.constructor,
      propertyName: property as string,
      options: { message: '$property must be an ISO 4217 currency code such as CNY', ...options },
      validator: { validate: (value: unknown) => isCurrencyCode(value) },
    });
}
