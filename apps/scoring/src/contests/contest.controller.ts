import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { ErrorCodes } from '@lib/domain';
import { CampaignIdPipe, uuidParamPipe } from '@lib/http-kit';
import { ContestService } from './contest.service';

const NodeIdPipe = uuidParamPipe(ErrorCodes.NODE_NOT_FOUND, 'node');

class StandingsQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit: number = 20;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset: number = 0;
}

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
  async standings(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('nodeId', NodeIdPipe) nodeId: string, @Query() q: StandingsQueryDto) {
    return { items: await this.contests.standings(auth.workspaceId, campaignId, nodeId, q.offset, q.limit) };
  }
}
