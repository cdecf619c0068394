import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe } from '@lib/http-kit';
import { BudgetService } from './budget.service';
import { PutBudgetDto } from './ledger.dto';
import { BudgetView, toBudgetView } from './ledger.views';

/** The campaign budget every reward draws from (prizes, codes, gifts, bounties). */
@ApiTags('ledger')
@Controller('v1/campaigns/:campaignId/budget')
export class BudgetController {
  constructor(private readonly budgets: BudgetService) {}

  /** Sets the cap (null: none) and currency; never below what is reserved or spent (409 LEDGER.BUDGET_BELOW_USED). */
  @Put()
  @Roles('marketer')
  async put(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: PutBudgetDto): Promise<BudgetView> {
    return toBudgetView(await this.budgets.put(auth, campaignId, dto));
  }

  @Get()
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string): Promise<BudgetView> {
    return toBudgetView(await this.budgets.get(auth, campaignId));
  }
}
