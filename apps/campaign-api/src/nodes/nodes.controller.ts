import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe, NodeIdPipe } from '@lib/http-kit';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateNodeDto } from './node.dto';
import { NodesService } from './nodes.service';

@ApiTags('nodes')
@Controller('v1/campaigns/:campaignId/nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post()
  @Roles('marketer')
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
  async get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('id', NodeIdPipe) id: string) {
    // With its timers (a contest's close, a lottery's draw): when each is due, whether it ran and what it did.
    const node = await this.nodes.get(auth, campaignId, id);
    // And its rollout stages with their state (open or pending, when and why).
    return { ...node, rollout: await this.nodes.rolloutStatus(auth, node), phases: await this.nodes.phases(node.id) };
  }

  @Put(':id')
  @Roles('marketer')
  replace(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('id', NodeIdPipe) id: string,
    @Body() dto: CreateNodeDto,
  ) {
    return this.nodes.save(auth, campaignId, dto, id);
  }
}
