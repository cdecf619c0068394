import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { Page } from '@lib/domain';
import { CampaignIdPipe } from '@lib/http-kit';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateCampaignDto, TransitionDto, UpdateCampaignDto } from './campaign.dto';
import { CampaignsService } from './campaigns.service';
import { CampaignView, toCampaignPage, toCampaignView } from './campaign.view';

@ApiTags('campaigns')
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Roles('marketer')
  async create(@Auth() auth: AuthContext, @Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return toCampaignView(await this.campaigns.create(auth, dto));
  }

  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext, @Query() query: ListQueryDto): Promise<Page<CampaignView>> {
    return toCampaignPage(await this.campaigns.list(auth, query.limit, query.cursor));
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string): Promise<CampaignView> {
    return toCampaignView(await this.campaigns.get(auth, id));
  }

  @Patch(':id')
  @Roles('marketer')
  async update(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignView> {
    return toCampaignView(await this.campaigns.update(auth, id, dto));
  }

  /** Moves the campaign along draft → scheduled → live ⇄ paused → ended; its current state again is a no-op (200); 409 otherwise. */
  @Post(':id/status')
  @HttpCode(200)
  @Roles('marketer')
  async transition(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string, @Body() dto: TransitionDto): Promise<CampaignView> {
    return toCampaignView(await this.campaigns.transition(auth, id, dto.status));
  }
}
