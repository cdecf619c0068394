import { Matches, ValidationOptions } from 'class-validator';
import { HHMM_PATTERN } from '@lib/domain';

/** A local wall-clock time "HH:mm", 00:00 to 23:59 (the domain's one definition). */
export function IsHhmm(options?: ValidationOptions): PropertyDecorator {
  return Matches(HHMM_PATTERN, { message: '$property must be HH:mm, 00:00 to 23:59', ...options });
}
