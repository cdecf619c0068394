import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthContext } from '@lib/access';
import { DomainError, LedgerErrors } from '@lib/domain';
import { CampaignBudgetEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { PutBudgetDto } from './ledger.dto';

/** The campaign budget every reward draws from: its cap and currency; the ledger moves its counters. */
@Injectable()
export class BudgetService {
  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
  ) {}

  async put(auth: AuthContext, campaignId: string, dto: PutBudgetDto): Promise<CampaignBudgetEntity> {
    return this.db.transaction(async (tx) => {
      await this.campaigns.get(auth, campaignId, tx);
      const repo = tx.getRepository(CampaignBudgetEntity);
      // Locked so awards (which update the row) and this check see one another's result.
      const current = await repo.findOne({ where: { campaignId, workspaceId: auth.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (current && current.currency !== dto.currency) {
        // The currency names every amount already held; it may change only while nothing names it.
        const [{ used }] = await tx.query(
          `SELECT EXISTS (SELECT 1 FROM prize_pool WHERE campaign_id = $1) OR EXISTS (SELECT 1 FROM ledger_entry WHERE campaign_id = $1) AS used`,
          [campaignId],
        );
        if (used) {
          throw new DomainError(LedgerErrors.CURRENCY_MISMATCH, `the campaign's pools and rewards are in ${current.currency}`, 'conflict', {
            campaignCurrency: current.currency,
          });
        }
      }
      const held = (current?.reservedMinor ?? 0) + (current?.committedMinor ?? 0);
      if (dto.totalMinor !== null && dto.totalMinor < held) {
        throw new DomainError(LedgerErrors.BUDGET_BELOW_USED, `totalMinor ${dto.totalMinor} is below the ${held} already reserved or spent`, 'conflict', {
          reservedMinor: current?.reservedMinor ?? 0,
          committedMinor: current?.committedMinor ?? 0,
        });
      }
      // Only the cap and currency: the counters are the ledger's.
      await tx.query(
        `INSERT INTO campaign_budget (campaign_id, workspace_id, currency, total_minor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (campaign_id) DO UPDATE SET currency = EXCLUDED.currency, total_minor = EXCLUDED.total_minor, updated_at = now()`,
        [campaignId, auth.workspaceId, dto.currency, dto.totalMinor],
      );
      await this.audit.record(tx, auth, 'budget.set', { type: 'campaign', id: campaignId }, { currency: dto.currency, totalMinor: dto.totalMinor });
      return repo.findOneByOrFail({ campaignId });
    });
  }

  async get(auth: AuthContext, campaignId: string): Promise<CampaignBudgetEntity> {
    await this.campaigns.get(auth, campaignId);
    const budget = await this.db.getRepository(CampaignBudgetEntity).findOneBy({ campaignId, workspaceId: auth.workspaceId });
    if (!budget) throw new DomainError(LedgerErrors.BUDGET_NOT_FOUND, 'this campaign has no budget yet', 'not_found');
    return budget;
  }
}
