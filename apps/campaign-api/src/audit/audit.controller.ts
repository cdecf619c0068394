import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Auth, AuthContext, Roles } from '@lib/access';
import { AuditLogEntity } from '@lib/persistence';
import { ListQueryDto } from '../common/list-query.dto';
import { keysetPage } from '../common/keyset-page';

@ApiTags('audit')
@Controller('v1/audit-log')
export class AuditController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @Roles('marketer')
  list(@Auth() auth: AuthContext, @Query() query: ListQueryDto) {
    const qb = this.db.getRepository(AuditLogEntity).createQueryBuilder('a').where('a.workspace_id = :ws', { ws: auth.workspaceId });
    return keysetPage(qb, 'a', query.limit, query.cursor);
  }
}
