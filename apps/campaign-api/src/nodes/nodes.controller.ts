import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe, NodeIdPipe } from '@lib/http-kit';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateNodeDto } from './node.dto';
import { NodesService } from './nodes.service';
import { RolloutStageStatusDto } from './rollout.dto';

const ROLLOUT_400 =
  'REQUEST.VALIDATION_FAILED (unknown or mistyped field), NODE.ROLLOUT_INVALID_STAGE (no stages, a stage without circles or everyone, everyone not last, a timing on stage 1, a later stage that cannot open, after with opensAt), NODE.ROLLOUT_INVALID_DELAY (not a positive ISO 8601 duration in days/hours/minutes), NODE.ROLLOUT_DUPLICATE_CIRCLE';

@ApiTags('nodes')
@ApiExtraModels(RolloutStageStatusDto)
@Controller('v1/campaigns/:campaignId/nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post()
  @Roles('marketer')
  @ApiResponse({ status: 400, description: ROLLOUT_400 })
  create(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: CreateNodeDto) {
    return this.nodes.save(auth, campaignId, dto);
  }

  @Get()
  @Roles(...READERS)
  list(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Query() query: ListQueryDto) {
    return this.nodes.list(auth, campaignId, query.limit, query.cursor);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the node with its phases, and `rollout`: each stage as configured plus `status` (RolloutStageStatusDto: open/pending, openedAt, reason, opensAt)' })
  async get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('id', NodeIdPipe) id: string) {
    // With its timers (a contest's close, a lottery's draw): when each is due, whether it ran and what it did.
    const node = await this.nodes.get(auth, campaignId, id);
    // And its rollout stages with their state (open or pending, when and why).
    return { ...node, rollout: await this.nodes.rolloutStatus(auth, node), phases: await this.nodes.phases(node.id) };
  }

  @Put(':id')
  @Roles('marketer')
  @ApiResponse({ status: 400, description: ROLLOUT_400 })
  @ApiResponse({ status: 409, description: 'NODE.ROLLOUT_STAGE_OPENED: a rollout stage already open (or one before it) would change' })
  replace(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('id', NodeIdPipe) id: string,
    @Body() dto: CreateNodeDto,
  ) {
    return this.nodes.save(auth, campaignId, dto, id);
  }
}
