import { DomainError, ErrorCodes } from '../errors/domain-error';

export enum CampaignStatus {
  Draft = 'draft',
  Scheduled = 'scheduled',
  Live = 'live',
  Paused = 'paused',
  Ended = 'ended',
}

// draft → scheduled → live ⇄ paused → ended; a scheduled campaign may go back to draft.
const TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  [CampaignStatus.Draft]: [CampaignStatus.Scheduled],
  [CampaignStatus.Scheduled]: [CampaignStatus.Draft, CampaignStatus.Live, CampaignStatus.Ended],
  [CampaignStatus.Live]: [CampaignStatus.Paused, CampaignStatus.Ended],
  [CampaignStatus.Paused]: [CampaignStatus.Live, CampaignStatus.Ended],
  [CampaignStatus.Ended]: [],
};

export function allowedTransitions(from: CampaignStatus): readonly CampaignStatus[] {
  return TRANSITIONS[from];
}

/** Throws CAMPAIGN.ILLEGAL_TRANSITION (409) unless `from → to` is an edge of the state machine. */
export function assertTransition(from: CampaignStatus, to: CampaignStatus): void {
  const allowed = allowedTransitions(from);
  if (!allowed.includes(to)) {
    throw new DomainError(
      ErrorCodes.CAMPAIGN_ILLEGAL_TRANSITION,
      `A ${from} campaign cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}`,
      'conflict',
      { from, to, allowed },
    );
  }
}

/** Nodes and config may change only before a campaign has ended. */
export function isEditable(status: CampaignStatus): boolean {
  return status !== CampaignStatus.Ended;
}
