import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { EXTERNAL_ID_PATTERN } from '@lib/domain';
import { OutboundMessageEntity, ParticipantEntity } from '@lib/persistence';
import { ListQueryDto } from '../common/list-query.dto';
import { keysetPage } from '../common/keyset-page';

class MessageQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(EXTERNAL_ID_PATTERN, { message: 'participantId may hold 1 to 128 letters, digits and . _ : -' }) participantId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed'] }) @IsOptional() @IsIn(['pending', 'sent', 'failed']) status?: string;
}

/** Outbound messages; for the sandbox channel this is the delivery itself. */
@ApiTags('messages')
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext, @Query() q: MessageQueryDto) {
    const qb = this.db
      .getRepository(OutboundMessageEntity)
      .createQueryBuilder('m')
      .where('m.workspace_id = :ws', { ws: auth.workspaceId });
    if (q.participantId) {
      qb.innerJoin(ParticipantEntity, 'p', 'p.id = m.participant_id').andWhere('p.external_id = :ext', { ext: q.participantId });
    }
    if (q.campaignId) qb.andWhere('m.campaign_id = :cid', { cid: q.campaignId });
    if (q.status) qb.andWhere('m.status = :st', { st: q.status });
    return keysetPage(qb, 'm', q.limit, q.cursor);
  }
}
