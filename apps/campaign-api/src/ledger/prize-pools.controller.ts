import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { LedgerErrors, Page } from '@lib/domain';
import { CampaignIdPipe, uuidParamPipe } from '@lib/http-kit';
import { ListQueryDto } from '../common/list-query.dto';
import { CreatePrizePoolDto, UpdatePrizePoolDto } from './ledger.dto';
import { PrizePoolView, toPoolPage, toPoolView } from './ledger.views';
import { PrizePoolsService } from './prize-pools.service';

const PoolIdPipe = uuidParamPipe(LedgerErrors.POOL_NOT_FOUND, 'prize pool');

/** Prize pools: stock, unit value and per-participant limits; every award draws from them through the ledger. */
@ApiTags('ledger')
@Controller('v1/campaigns/:campaignId/prize-pools')
export class PrizePoolsController {
  constructor(private readonly pools: PrizePoolsService) {}

  @Post()
  @Roles('marketer')
  async create(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: CreatePrizePoolDto): Promise<PrizePoolView> {
    return toPoolView(await this.pools.create(auth, campaignId, dto));
  }

  /** Newest first, each with its remaining stock. */
  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Query() q: ListQueryDto): Promise<Page<PrizePoolView>> {
    return toPoolPage(await this.pools.list(auth, campaignId, q.limit, q.cursor));
  }

  @Get(':poolId')
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('poolId', PoolIdPipe) poolId: string): Promise<PrizePoolView> {
    return toPoolView(await this.pools.get(auth, campaignId, poolId));
  }

  /** Name, stock (up or down, never below what is reserved or given: 409 LEDGER.STOCK_BELOW_USED) and limit. */
  @Patch(':poolId')
  @Roles('marketer')
  async update(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('poolId', PoolIdPipe) poolId: string,
    @Body() dto: UpdatePrizePoolDto,
  ): Promise<PrizePoolView> {
    return toPoolView(await this.pools.update(auth, campaignId, poolId, dto));
  }
}
