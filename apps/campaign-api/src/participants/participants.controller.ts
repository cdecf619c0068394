import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { DomainError, ErrorCodes, EXTERNAL_ID_PATTERN } from '@lib/domain';
import { ParticipantEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';

class ParticipantDto {
  @ApiPropertyOptional({ type: String, example: 'core-fans', nullable: true, description: 'null takes them out of their circle; absent leaves it as is' })
  @IsOptional() @IsString() @MaxLength(64) @Matches(/^[a-z0-9-]+$/)
  circle?: string | null;
}

@ApiTags('participants')
@Controller('v1/participants')
export class ParticipantsController {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get(':externalId')
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('externalId') externalId: string) {
    if (!EXTERNAL_ID_PATTERN.test(externalId)) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, 'participant not found', 'not_found');
    const row = await this.db.getRepository(ParticipantEntity).findOneBy({ workspaceId: auth.workspaceId, externalId });
    if (!row) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, `participant ${externalId} not found`, 'not_found');
    return row;
  }

  /** Creates or updates a participant, e.g. to place them in a fan circle. */
  @Put(':externalId')
  @Roles('marketer', 'staff')
  async put(@Auth() auth: AuthContext, @Param('externalId') externalId: string, @Body() dto: ParticipantDto) {
    if (!EXTERNAL_ID_PATTERN.test(externalId)) {
      throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'participant id may hold letters, digits and . _ : -', 'validation');
    }
    // Only an explicit "circle" changes it: `{}` creates the participant or leaves them be.
    const setsCircle = dto.circle !== undefined;
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO participant (workspace_id, external_id, circle) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, external_id) DO UPDATE SET circle = CASE WHEN $4 THEN EXCLUDED.circle ELSE participant.circle END`,
        [auth.workspaceId, externalId, dto.circle ?? null, setsCircle],
      );
      const row = await tx.getRepository(ParticipantEntity).findOneByOrFail({ workspaceId: auth.workspaceId, externalId });
      await this.audit.record(tx, auth, 'participant.update', { type: 'participant', id: row.id }, { circle: row.circle });
      return row;
    });
  }
}
