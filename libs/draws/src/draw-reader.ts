import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, DrawProofV1, ErrorCodes, UUID_PATTERN } from '@lib/domain';
import { CampaignEntity, DrawEntity } from '@lib/persistence';
import { DrawDetail, DrawSummary, drawDetail, drawProof, drawSummary } from './draw-views';

const notFound = (drawId: string) => new DomainError(ErrorCodes.DRAW_NOT_FOUND, `draw ${drawId} not found`, 'not_found');

/** Reads draws for the API and the verifier: never the sealed seed. Needs no key. */
@Injectable()
export class DrawReader {
  constructor(private readonly db: DataSource) {}

  /** A campaign's draws, oldest commitment first; 404 when the campaign is not the workspace's. */
  async list(workspaceId: string, campaignId: string): Promise<DrawSummary[]> {
    const campaign = await this.db.getRepository(CampaignEntity).exists({ where: { id: campaignId, workspaceId } });
    if (!campaign) throw new DomainError(ErrorCodes.CAMPAIGN_NOT_FOUND, `campaign ${campaignId} not found`, 'not_found');
    const draws = await this.db.getRepository(DrawEntity).find({ where: { workspaceId, campaignId }, order: { committedAt: 'ASC', id: 'ASC' }, take: 1000 });
    return draws.map(drawSummary);
  }

  async get(workspaceId: string, campaignId: string, drawId: string): Promise<DrawDetail> {
    return drawDetail(await this.load(workspaceId, drawId, campaignId));
  }

  /** The proof bundle; `campaignId`, when given, must be the draw's. */
  async proof(workspaceId: string, drawId: string, campaignId?: string): Promise<DrawProofV1> {
    return drawProof(await this.load(workspaceId, drawId, campaignId));
  }

  private async load(workspaceId: string, drawId: string, campaignId?: string): Promise<DrawEntity> {
    if (!UUID_PATTERN.test(drawId)) throw notFound(drawId);
    const draw = await this.db.getRepository(DrawEntity).findOneBy({ id: drawId, workspaceId, ...(campaignId ? { campaignId } : {}) });
    if (!draw) throw notFound(drawId);
    return draw;
  }
}
