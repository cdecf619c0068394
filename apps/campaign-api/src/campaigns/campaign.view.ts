import { CampaignStatus, effectiveWeights, EffectiveWeights, Page, ScoringWeights } from '@lib/domain';
import { CampaignEntity, FrequencyCap, QuietHours } from '@lib/persistence';

/**
 * A campaign as every endpoint shows it: `scoring` is what the campaign scores with (the
 * defaults merged with its overrides), `scoringOverrides` what was set (and PATCH sets).
 */
export interface CampaignView {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  status: CampaignStatus;
  timezone: string;
  startsAt: Date | null;
  endsAt: Date | null;
  quietHours: QuietHours | null;
  frequencyCap: FrequencyCap | null;
  scoring: EffectiveWeights;
  scoringOverrides: ScoringWeights;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toCampaignView(c: CampaignEntity): CampaignView {
  return {
    id: c.id,
    workspaceId: c.workspaceId,
    name: c.name,
    description: c.description,
    status: c.status,
    timezone: c.timezone,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    quietHours: c.quietHours,
    frequencyCap: c.frequencyCap,
    scoring: effectiveWeights(c.scoring),
    scoringOverrides: c.scoring ?? {},
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function toCampaignPage(page: Page<CampaignEntity>): Page<CampaignView> {
  return { items: page.items.map(toCampaignView), nextCursor: page.nextCursor };
}
