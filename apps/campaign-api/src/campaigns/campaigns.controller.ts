import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe } from '@lib/http-kit';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateCampaignDto, TransitionDto, UpdateCampaignDto } from './campaign.dto';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Roles('marketer')
  create(@Auth() auth: AuthContext, @Body() dto: CreateCampaignDto) {
    return this.campaigns.create(auth, dto);
  }

  @Get()
  @Roles(...READERS)
  list(@Auth() auth: AuthContext, @Query() query: ListQueryDto) {
    return this.campaigns.list(auth, query.limit, query.cursor);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string) {
    return this.campaigns.get(auth, id);
  }

  @Patch(':id')
  @Roles('marketer')
  update(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string, @Body() dto: UpdateCampaignDto) {
    return this.campaigns.update(auth, id, dto);
  }

  /** Moves the campaign along draft → scheduled → live ⇄ paused → ended; 409 otherwise. */
  @Post(':id/status')
  @HttpCode(200)
  @Roles('marketer')
  transition(@Auth() auth: AuthContext, @Param('id', CampaignIdPipe) id: string, @Body() dto: TransitionDto) {
    return this.campaigns.transition(auth, id, dto.status);
  }
}
