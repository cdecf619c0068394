import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Auth, AuthContext, clientAddressKey, RateLimit, READERS, Roles } from '@lib/access';
import { CodeHistory, CodeHistoryItem, CodeView } from '@lib/codes';
import { CodeErrors, DomainError } from '@lib/domain';
import { CampaignIdPipe, uuidParamPipe } from '@lib/http-kit';
import { CampaignsService } from '../campaigns/campaigns.service';
import { CodeUseService } from './code-use.service';
import { CodeLookupDto, RedeemCodeDto, TransferCodeDto } from './codes.dto';

const CodeIdPipe = uuidParamPipe(CodeErrors.CODE_NOT_FOUND, 'code');

/**
 * Using codes: redeem, gift once, and read a code's history. Refusals are stable CODE.* codes:
 * MALFORMED / TYPO (400: the check symbol tells a typo from a guess), UNKNOWN (404),
 * ALREADY_USED / EXPIRED / RESERVED / ALREADY_TRANSFERRED (409), NOT_YOURS (403), LOCKED_OUT (429).
 */
@ApiTags('codes')
@Controller('v1/campaigns/:campaignId/codes')
export class CodesController {
  constructor(
    private readonly use: CodeUseService,
    private readonly history: CodeHistory,
    private readonly campaigns: CampaignsService,
  ) {}

  /** On the checkout path: the ingest limits per key and address (not the admin write limits), then the code lockout. */
  @Post('redeem')
  @Roles('marketer', 'staff', 'ingest')
  @RateLimit('ingest')
  @HttpCode(200)
  async redeem(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: RedeemCodeDto, @Req() req: Request) {
    const r = await this.use.redeem({ workspaceId: auth.workspaceId, campaignId, address: clientAddressKey(req.ip), role: auth.role }, dto.code, dto.participantId);
    return { codeId: r.codeId, poolId: r.poolId, participantId: dto.participantId, redeemedAt: r.redeemedAt };
  }

  @Post('transfer')
  @Roles('marketer', 'staff', 'ingest')
  @RateLimit('ingest')
  @HttpCode(200)
  async transfer(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: TransferCodeDto, @Req() req: Request) {
    const r = await this.use.transfer({ workspaceId: auth.workspaceId, campaignId, address: clientAddressKey(req.ip), role: auth.role }, dto.code, dto.fromParticipantId, dto.toParticipantId);
    return { codeId: r.codeId, poolId: r.poolId, holder: dto.toParticipantId, replayed: r.replayed, spreadEventId: r.spreadEventId };
  }

  /** Support: find a code by what the participant reads out (POST, so the code stays out of URLs and logs). */
  @Post('lookup')
  @Roles(...READERS)
  @HttpCode(200)
  async lookup(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: CodeLookupDto): Promise<CodeView & { history: CodeHistoryItem[] }> {
    await this.campaigns.get(auth, campaignId);
    const code = await this.history.byCode(auth.workspaceId, campaignId, dto.code);
    if (!code) throw new DomainError(CodeErrors.CODE_NOT_FOUND, 'no such code in this campaign', 'not_found');
    return { ...code, history: await this.history.history(auth.workspaceId, code.id) };
  }

  /** The code's state and every move it made (issued, allocated, reserved, released, transferred, redeemed, expired). */
  @Get(':codeId/history')
  @Roles(...READERS)
  async codeHistory(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('codeId', CodeIdPipe) codeId: string,
  ): Promise<CodeView & { history: CodeHistoryItem[] }> {
    await this.campaigns.get(auth, campaignId);
    const code = await this.history.byId(auth.workspaceId, campaignId, codeId);
    if (!code) throw new DomainError(CodeErrors.CODE_NOT_FOUND, `code ${codeId} not found`, 'not_found');
    return { ...code, history: await this.history.history(auth.workspaceId, code.id) };
  }
}
