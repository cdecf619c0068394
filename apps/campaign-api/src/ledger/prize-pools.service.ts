import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '@lib/access';
import { DomainError, LedgerErrors, Page } from '@lib/domain';
import { PrizePoolEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { keysetPage } from '../common/keyset-page';
import { CreatePrizePoolDto, UpdatePrizePoolDto } from './ledger.dto';

/** Prize pools of a campaign. Awards move their counters; this service sets what they hold. */
@Injectable()
export class PrizePoolsService {
  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
  ) {}

  async create(auth: AuthContext, campaignId: string, dto: CreatePrizePoolDto): Promise<PrizePoolEntity> {
    return this.db.transaction(async (tx) => {
      await this.campaigns.get(auth, campaignId, tx);
      await this.assertCampaignCurrency(tx, auth.workspaceId, campaignId, dto.currency);
      const repo = tx.getRepository(PrizePoolEntity);
      const pool = await repo.save(
        repo.create({
          workspaceId: auth.workspaceId,
          campaignId,
          name: dto.name,
          stockTotal: dto.stockTotal,
          unitValueMinor: dto.unitValueMinor,
          currency: dto.currency,
          perParticipantLimit: dto.perParticipantLimit ?? null,
        }),
      );
      await this.audit.record(tx, auth, 'prize_pool.create', { type: 'prize_pool', id: pool.id }, { campaignId, stockTotal: pool.stockTotal });
      return pool;
    });
  }

  async list(auth: AuthContext, campaignId: string, limit: number, cursor?: string): Promise<Page<PrizePoolEntity>> {
    await this.campaigns.get(auth, campaignId);
    const qb = this.db
      .getRepository(PrizePoolEntity)
      .createQueryBuilder('p')
      .where('p.workspace_id = :ws AND p.campaign_id = :cid', { ws: auth.workspaceId, cid: campaignId });
    return keysetPage(qb, 'p', limit, cursor);
  }

  async get(auth: AuthContext, campaignId: string, poolId: string): Promise<PrizePoolEntity> {
    await this.campaigns.get(auth, campaignId);
    return this.find(auth, campaignId, poolId, this.db.manager);
  }

  private async find(auth: AuthContext, campaignId: string, poolId: string, tx: EntityManager): Promise<PrizePoolEntity> {
    const pool = await tx.getRepository(PrizePoolEntity).findOneBy({ id: poolId, campaignId, workspaceId: auth.workspaceId });
    if (!pool) throw new DomainError(LedgerErrors.POOL_NOT_FOUND, `prize pool ${poolId} not found`, 'not_found');
    return pool;
  }

  /** Stock may go up or down, never below what is reserved or given; awards racing this see one or the other. */
  async update(auth: AuthContext, campaignId: string, poolId: string, dto: UpdatePrizePoolDto): Promise<PrizePoolEntity> {
    return this.db.transaction(async (tx) => {
      await this.campaigns.get(auth, campaignId, tx);
      const setsLimit = dto.perParticipantLimit !== undefined;
      const [, changed] = await tx.query(
        `UPDATE prize_pool SET name = coalesce($4, name), stock_total = coalesce($5, stock_total),
                per_participant_limit = CASE WHEN $6 THEN $7::int ELSE per_participant_limit END, updated_at = now()
         WHERE id = $1 AND workspace_id = $2 AND campaign_id = $3 AND ($5::int IS NULL OR $5::int >= stock_reserved + stock_committed)`,
        [poolId, auth.workspaceId, campaignId, dto.name ?? null, dto.stockTotal ?? null, setsLimit, dto.perParticipantLimit ?? null],
      );
      const pool = await this.find(auth, campaignId, poolId, tx);
      if (changed === 0) {
        const used = pool.stockReserved + pool.stockCommitted;
        throw new DomainError(LedgerErrors.STOCK_BELOW_USED, `stockTotal ${dto.stockTotal} is below the ${used} units reserved or given`, 'conflict', {
          stockReserved: pool.stockReserved,
          stockCommitted: pool.stockCommitted,
        });
      }
      await this.audit.record(tx, auth, 'prize_pool.update', { type: 'prize_pool', id: poolId }, { campaignId, fields: Object.keys(dto) });
      return pool;
    });
  }

  /**
   * A campaign has one reward currency, fixed by its budget row: the first pool creates the row
   * (no cap) in its currency; every later pool must match. FOR SHARE holds it against a
   * concurrent currency change by PUT …/budget.
   */
  private async assertCampaignCurrency(tx: EntityManager, workspaceId: string, campaignId: string, currency: string): Promise<void> {
    await tx.query(`INSERT INTO campaign_budget (campaign_id, workspace_id, currency) VALUES ($1, $2, $3) ON CONFLICT (campaign_id) DO NOTHING`, [
      campaignId,
      workspaceId,
      currency,
    ]);
    const [row] = (await tx.query(`SELECT currency FROM campaign_budget WHERE campaign_id = $1 FOR SHARE`, [campaignId])) as { currency: string }[];
    if (row.currency !== currency) {
      throw new DomainError(LedgerErrors.CURRENCY_MISMATCH, `the campaign's rewards are in ${row.currency}, not ${currency}`, 'conflict', {
        campaignCurrency: row.currency,
      });
    }
  }
}
