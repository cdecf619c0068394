import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe } from '@lib/http-kit';
import { CampaignEntity } from '@lib/persistence';
import { OutcomesService } from './outcomes.service';
import { OffsetPageQueryDto } from '../common/offset-page.dto';

@ApiTags('outcomes')
@Controller('v1/campaigns')
export class OutcomesController {
  constructor(
    private readonly outcomes: OutcomesService,
    private readonly db: DataSource,
  ) {}

  /** Campaigns of the caller's workspace, newest first (for the dashboard's picker). */
  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext) {
    const items = await this.db.getRepository(CampaignEntity).find({
      where: { workspaceId: auth.workspaceId },
      order: { createdAt: 'DESC' },
      take: 200,
      select: { id: true, name: true, status: true, timezone: true, createdAt: true },
    });
    return { items };
  }

  @Get(':id/outcomes')
  @Roles(...READERS)
  get(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string) {
    return this.outcomes.outcomes(auth.workspaceId, id);
  }

  @Get(':id/leaderboard')
  @Roles(...READERS)
  async leaderboard(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string, @Query() q: OffsetPageQueryDto) {
    return { items: await this.outcomes.leaderboard(auth.workspaceId, id, q.offset, q.limit) };
  }
}

/** Figures of the whole workspace, beyond any one campaign. */
@ApiTags('outcomes')
@Controller('v1/outcomes')
export class WorkspaceOutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  /** Spread events no campaign counts, by reason: where to look when a post or follow is missing. */
  @Get('not-counted')
  @Roles(...READERS)
  notCounted(@Auth() auth: AuthContext) {
    return this.outcomes.workspace(auth.workspaceId);
  }
}
