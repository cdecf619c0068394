import { PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCodes, UUID_PATTERN } from '@lib/domain';

/** A path id that is not a UUID names nothing: 404 with the resource's own code, not a 400. */
class UuidParamPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly code: string,
    private readonly noun: string,
  ) {}

  transform(value: unknown): string {
    if (typeof value === 'string' && UUID_PATTERN.test(value)) return value;
    throw new DomainError(this.code, `${this.noun} not found`, 'not_found');
  }
}

/** `@Param('id', uuidParamPipe(ErrorCodes.NODE_NOT_FOUND, 'node'))`. */
export function uuidParamPipe(code: string, noun: string): PipeTransform<unknown, string> {
  return new UuidParamPipe(code, noun);
}

/** Campaign ids in campaign-api and scoring paths. */
export const CampaignIdPipe = uuidParamPipe(ErrorCodes.CAMPAIGN_NOT_FOUND, 'campaign');
export const NodeIdPipe = uuidParamPipe(ErrorCodes.NODE_NOT_FOUND, 'node');
