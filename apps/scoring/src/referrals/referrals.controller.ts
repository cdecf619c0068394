import { Controller, Get, Param, PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { DomainError, EXTERNAL_ID_PATTERN, ErrorCodes } from '@lib/domain';
import { CampaignIdPipe, NodeIdPipe } from '@lib/http-kit';
import { ReferralsService } from './referrals.service';

/** A path participant id that cannot be one (the marketer's ids: 1–128 of A–Z a–z 0–9 . _ : -) names nobody. */
const ExternalIdPipe: PipeTransform<unknown, string> = {
  transform(value: unknown): string {
    if (typeof value === 'string' && EXTERNAL_ID_PATTERN.test(value)) return value;
    throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, 'participant not found', 'not_found');
  },
};

/** Referral (fission) nodes: the tree by generation with its K-factor, refusals by reason, rewards; one person's code and place. */
@ApiTags('referrals')
@Controller('v1/campaigns/:campaignId/nodes/:nodeId/referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "A referral node's tree per generation (K-factor), attribution refusals and reward figures by reason" })
  summary(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('nodeId', NodeIdPipe) nodeId: string) {
    return this.referrals.summary(auth.workspaceId, campaignId, nodeId);
  }

  @Get(':participantId')
  @Roles(...READERS)
  @ApiOperation({ summary: "A participant's referral code and link, generation, referrer (by your id), referees and rewards earned" })
  participant(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('nodeId', NodeIdPipe) nodeId: string,
    @Param('participantId', ExternalIdPipe) participantId: string,
  ) {
    return this.referrals.participant(auth.workspaceId, campaignId, nodeId, participantId);
  }
}
