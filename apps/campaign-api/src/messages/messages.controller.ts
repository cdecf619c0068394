import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { EXTERNAL_ID_PATTERN, Page } from '@lib/domain';
import { OutboundMessageEntity, ParticipantEntity } from '@lib/persistence';
import { ListQueryDto } from '../common/list-query.dto';
import { keysetPage } from '../common/keyset-page';
import { MessageView, toMessageView } from './message.view';

class MessageQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'your own (external) participant id' })
  @IsOptional() @IsString() @Matches(EXTERNAL_ID_PATTERN, { message: 'participantId may hold 1 to 128 letters, digits and . _ : -' }) participantId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed', 'expired'] }) @IsOptional() @IsIn(['pending', 'sent', 'failed', 'expired']) status?: string;
  @ApiPropertyOptional({ example: 'invitation', description: 'why the message exists: invitation, thanks, …' })
  @IsOptional() @IsString() @MaxLength(64) @Matches(/^[a-z0-9_.-]+$/, { message: 'purpose is lowercase word characters, dots and dashes' })
  purpose?: string;
}

/** Outbound messages; for the sandbox channel this is the delivery itself. */
@ApiTags('messages')
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext, @Query() q: MessageQueryDto): Promise<Page<MessageView>> {
    const qb = this.db
      .getRepository(OutboundMessageEntity)
      .createQueryBuilder('m')
      .where('m.workspace_id = :ws', { ws: auth.workspaceId });
    if (q.participantId) {
      qb.innerJoin(ParticipantEntity, 'p', 'p.id = m.participant_id').andWhere('p.external_id = :ext', { ext: q.participantId });
    }
    if (q.campaignId) qb.andWhere('m.campaign_id = :cid', { cid: q.campaignId });
    if (q.status) qb.andWhere('m.status = :st', { st: q.status });
    if (q.purpose) qb.andWhere('m.purpose = :purpose', { purpose: q.purpose });
    const page = await keysetPage(qb, 'm', q.limit, q.cursor);
    const externalIds = await this.externalIds(auth.workspaceId, page.items.map((m) => m.participantId));
    return { items: page.items.map((m) => toMessageView(m, externalIds)), nextCursor: page.nextCursor };
  }

  // Messages hold internal participant ids; callers know participants by their own ids.
  private async externalIds(workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; external_id: string }[] = await this.db.query(
      'SELECT id, external_id FROM participant WHERE workspace_id = $1 AND id = ANY($2)',
      [workspaceId, [...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.external_id]));
  }
}
