import { DomainError, ErrorCodes } from '../errors/domain-error';
import { allowedTransitions, assertTransition, CampaignStatus, isEditable } from './campaign-status';

describe('campaign state machine', () => {
  it('should allow draft → scheduled → live ⇄ paused → ended', () => {
    const path: [CampaignStatus, CampaignStatus][] = [
      [CampaignStatus.Draft, CampaignStatus.Scheduled],
      [CampaignStatus.Scheduled, CampaignStatus.Live],
      [CampaignStatus.Live, CampaignStatus.Paused],
      [CampaignStatus.Paused, CampaignStatus.Live],
      [CampaignStatus.Live, CampaignStatus.Ended],
    ];
    for (const [from, to] of path) expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('should refuse an illegal transition with a conflict code when skipping a state', () => {
    try {
      assertTransition(CampaignStatus.Draft, CampaignStatus.Live);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe(ErrorCodes.CAMPAIGN_ILLEGAL_TRANSITION);
      expect((err as DomainError).category).toBe('conflict');
    }
  });

  it('should allow nothing out of ended and forbid edits there', () => {
    expect(allowedTransitions(CampaignStatus.Ended)).toEqual([]);
    expect(isEditable(CampaignStatus.Ended)).toBe(false);
    expect(isEditable(CampaignStatus.Live)).toBe(true);
  });
});
