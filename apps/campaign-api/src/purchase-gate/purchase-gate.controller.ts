import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, clientAddressKey, RateLimit, READERS, Roles } from '@lib/access';
import { CampaignIdPipe } from '@lib/http-kit';
import { GateAnswer } from './gate-answer';
import { GateCheckDto, PurchaseGateView, PutPurchaseGateDto } from './purchase-gate.dto';
import { PurchaseGateService } from './purchase-gate.service';

/** Who may buy gated products when: invite codes, and the weekly open-purchase slots. */
@ApiTags('purchase-gate')
@Controller('v1/campaigns/:campaignId/purchase-gate')
export class PurchaseGateController {
  constructor(private readonly gate: PurchaseGateService) {}

  /** Sets the gated products and the open-purchase slots (replaces both). */
  @Put()
  @Roles('marketer')
  put(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: PutPurchaseGateDto): Promise<PurchaseGateView> {
    return this.gate.put(auth, campaignId, dto);
  }

  @Get()
  @Roles(...READERS)
  get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string): Promise<PurchaseGateView> {
    return this.gate.get(auth, campaignId);
  }

  /**
   * "May this participant buy this product now?" — 200 with `allowed` and a reason either way:
   * NOT_GATED, OPEN_PURCHASE (with the slot), CODE_RESERVED (the code is held until the purchase
   * event uses it, or released after the pool's hold), CODE_REQUIRED or a code refusal (CODE.*),
   * each with the next open-purchase slot. Called by the shop's checkout (an ingest key).
   */
  @Post('checks')
  @HttpCode(200)
  @RateLimit('ingest')
  @Roles('ingest', 'marketer', 'staff')
  check(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Body() dto: GateCheckDto,
    @Req() req: { ip?: string },
  ): Promise<GateAnswer> {
    return this.gate.check(auth, campaignId, dto, clientAddressKey(req.ip));
  }

  /** The checkout was abandoned: the held code goes back at once (404 CODE.RESERVATION_NOT_FOUND when nothing is held). */
  @Delete('reservations/:reservationId')
  @HttpCode(204)
  @Roles('ingest', 'marketer', 'staff')
  async release(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('reservationId') reservationId: string): Promise<void> {
    await this.gate.release(auth, campaignId, reservationId);
  }
}
