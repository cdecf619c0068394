import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { LedgerErrors, Page } from '@lib/domain';
import { CampaignIdPipe, uuidParamPipe } from '@lib/http-kit';
import { ClawbackDto, LedgerQueryDto } from './ledger.dto';
import { LedgerEntriesService } from './ledger-entries.service';
import { LedgerEntryView, LedgerHistoryView } from './ledger.views';

const EntryIdPipe = uuidParamPipe(LedgerErrors.ENTRY_NOT_FOUND, 'ledger entry');

/** Every reward of the campaign, each naming the activity that earned it. */
@ApiTags('ledger')
@Controller('v1/campaigns/:campaignId/ledger')
export class LedgerController {
  constructor(private readonly entries: LedgerEntriesService) {}

  @Get()
  @Roles(...READERS)
  list(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Query() q: LedgerQueryDto): Promise<Page<LedgerEntryView>> {
    return this.entries.list(auth, campaignId, q);
  }

  /** One entry with its history (every state it entered, when and why). */
  @Get(':entryId')
  @Roles(...READERS)
  get(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('entryId', EntryIdPipe) entryId: string,
  ): Promise<LedgerEntryView & { history: LedgerHistoryView[] }> {
    return this.entries.get(auth, campaignId, entryId);
  }

  /** Takes a reward back (fraud): its unit returns to stock, its amount to the budget; a released one is 409. */
  @Post(':entryId/clawback')
  @HttpCode(200)
  @Roles('marketer')
  clawback(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('entryId', EntryIdPipe) entryId: string,
    @Body() dto: ClawbackDto,
  ): Promise<LedgerEntryView> {
    return this.entries.clawback(auth, campaignId, entryId, dto.reason);
  }
}
