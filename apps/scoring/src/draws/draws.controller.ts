import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { DrawProofV1, ErrorCodes } from '@lib/domain';
import { DrawDetail, DrawReader, DrawSummary } from '@lib/draws';
import { CampaignIdPipe, uuidParamPipe } from '@lib/http-kit';

const DrawIdPipe = uuidParamPipe(ErrorCodes.DRAW_NOT_FOUND, 'draw');

/** Verifiable draws of a campaign's lottery nodes: read by every role of the workspace. */
@ApiTags('draws')
@Controller('v1/campaigns/:campaignId/draws')
export class DrawsController {
  constructor(private readonly draws: DrawReader) {}

  @Get()
  @Roles(...READERS, 'ingest')
  @ApiOperation({ summary: "The campaign's draws with their published commitments" })
  async list(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string): Promise<{ items: DrawSummary[] }> {
    return { items: await this.draws.list(auth.workspaceId, campaignId) };
  }

  @Get(':drawId')
  @Roles(...READERS, 'ingest')
  @ApiOperation({ summary: 'One draw: commitment, and once drawn the list hash and the winners (as pseudonyms)' })
  get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('drawId', DrawIdPipe) drawId: string): Promise<DrawDetail> {
    return this.draws.get(auth.workspaceId, campaignId, drawId);
  }

  @Get(':drawId/proof')
  @Roles(...READERS, 'ingest')
  @ApiOperation({ summary: 'The proof bundle (DrawProofV1) that `npm run verify-draw` checks; before the draw only the commitment' })
  proof(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('drawId', DrawIdPipe) drawId: string): Promise<DrawProofV1> {
    return this.draws.proof(auth.workspaceId, drawId, campaignId);
  }
}
