import { Injectable, PipeTransform } from '@nestjs/common';
import { CIRCLE_NAME_MAX, CIRCLE_NAME_PATTERN, CircleErrors } from '@lib/circles';
import { DomainError } from '@lib/domain';

/** A path segment that cannot be a circle's name is a circle that does not exist. */
@Injectable()
export class CircleNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.length > CIRCLE_NAME_MAX || !CIRCLE_NAME_PATTERN.test(value)) throw new DomainError(CircleErrors.NOT_FOUND, 'circle not found', 'not_found');
    return value;
  }
}
