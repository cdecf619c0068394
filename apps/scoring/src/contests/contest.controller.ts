import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe, NodeIdPipe } from '@lib/http-kit';
import { ContestService } from './contest.service';
import { OffsetPageQueryDto } from '../common/offset-page.dto';

/** Contest and lottery nodes: phases, verdict figures and standings. */
@ApiTags('contests')
@Controller('v1/campaigns/:campaignId/nodes/:nodeId')
export class ContestController {
  constructor(private readonly contests: ContestService) {}

  @Get('contest')
  @Roles(...READERS)
  @ApiOperation({ summary: "A node's phases (what ran and its outcome, e.g. the winners), inputs by verdict and reason, and its top standings" })
  summary(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('nodeId', NodeIdPipe) nodeId: string) {
    return this.contests.summary(auth.workspaceId, campaignId, nodeId);
  }

  @Get('standings')
  @Roles(...READERS)
  @ApiOperation({ summary: "A node's standings in the fair order (score, then the earlier entry, then its id)" })
  async standings(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('nodeId', NodeIdPipe) nodeId: string, @Query() q: OffsetPageQueryDto) {
    return { items: await this.contests.standings(auth.workspaceId, campaignId, nodeId, q.offset, q.limit) };
  }
}
