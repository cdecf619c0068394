import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { CIRCLE_NAME_MAX, CIRCLE_NAME_PATTERN } from '@lib/circles';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { DomainError, ErrorCodes, EXTERNAL_ID_PATTERN } from '@lib/domain';
import { ParticipantEntity } from '@lib/persistence';
import { CirclesApi } from '../circles/circles-api.service';

class ParticipantDto {
  @ApiPropertyOptional({ type: String, example: 'core-fans', nullable: true, description: 'null takes them out of their circle; absent leaves it as is' })
  @IsOptional() @IsString() @MaxLength(CIRCLE_NAME_MAX) @Matches(CIRCLE_NAME_PATTERN)
  circle?: string | null;
}

@ApiTags('participants')
@Controller('v1/participants')
export class ParticipantsController {
  constructor(
    private readonly db: DataSource,
    private readonly circles: CirclesApi,
  ) {}

  @Get(':externalId')
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('externalId') externalId: string) {
    if (!EXTERNAL_ID_PATTERN.test(externalId)) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, 'participant not found', 'not_found');
    const row = await this.db.getRepository(ParticipantEntity).findOneBy({ workspaceId: auth.workspaceId, externalId });
    if (!row) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, `participant ${externalId} not found`, 'not_found');
    return row;
  }

  /** Creates or updates a participant, e.g. to place them in a fan circle (one of the workspace's circles once it has any: 404 CIRCLE.NOT_FOUND otherwise). */
  @Put(':externalId')
  @Roles('marketer', 'staff')
  async put(@Auth() auth: AuthContext, @Param('externalId') externalId: string, @Body() dto: ParticipantDto) {
    if (!EXTERNAL_ID_PATTERN.test(externalId)) {
      throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'participant id may hold letters, digits and . _ : -', 'validation');
    }
    // Only an explicit "circle" changes it: `{}` creates the participant or leaves them be. A
    // change is a marketer's decision, recorded in the circle history (GET …/circle-moves).
    return this.circles.putParticipant(auth, externalId, dto.circle);
  }
}
