import { CampaignStatus } from '../campaign/campaign-status';
import { MatchCampaign, MatchEvent, matchNode, MatchNode, NodeMatch, NoMatchReason } from './node-match';
import { ReentryRule } from './reentry';
import { parseRollout, stageTimings } from './rollout';

// Tuesday 2026-03-03 12:00 in Shanghai, inside every default rule below.
const GOOD_AT = new Date('2026-03-03T04:00:00Z');

const campaign = (over: Partial<MatchCampaign> = {}): MatchCampaign => ({
  status: CampaignStatus.Live,
  timezone: 'Asia/Shanghai',
  startsAt: new Date('2026-03-01T00:00:00Z'),
  endsAt: new Date('2026-04-01T00:00:00Z'),
  pauses: [],
  ...over,
});

const node = (over: Partial<MatchNode> = {}): MatchNode => ({
  triggerEventType: 'purchase',
  conditions: [{ field: 'amount', op: 'gte', value: 100 }],
  audienceCircles: ['fans'],
  window: {
    startsAt: new Date('2026-03-02T00:00:00Z'),
    endsAt: new Date('2026-03-20T00:00:00Z'),
    weekly: [{ days: [2], from: '10:00', to: '22:00' }],
  },
  reentry: ReentryRule.Once,
  maxLatenessHours: 72,
  ...over,
});

const event = (over: Partial<MatchEvent> = {}): MatchEvent => ({
  id: 'evt-1',
  type: 'purchase',
  occurredAt: GOOD_AT,
  receivedAt: new Date(GOOD_AT.getTime() + 60_000),
  data: { amount: 150 },
  ...over,
});

const reasonOf = (m: NodeMatch): NoMatchReason | 'MATCHED' => (m.matched ? 'MATCHED' : m.reason);

describe('matchNode', () => {
  it('should match with the once key when every rule holds', () => {
    expect(matchNode(campaign(), node(), event(), 'fans')).toEqual({ matched: true, reentryKey: 'once' });
  });

  it('should answer CAMPAIGN_PAUSED first when the event happened during a pause and everything else fails too', () => {
    // Arrange
    const bad = event({ data: {}, receivedAt: new Date('2027-01-01T00:00:00Z') });
    const paused = campaign({ status: CampaignStatus.Paused, pauses: [{ from: new Date('2026-03-03T00:00:00Z'), to: null }] });
    // Act
    const result = matchNode(paused, node(), bad, null);
    // Assert
    expect(reasonOf(result)).toBe('CAMPAIGN_PAUSED');
  });

  it('should take an event that happened before a pause even while the campaign is paused (judged at occurredAt)', () => {
    const paused = campaign({ status: CampaignStatus.Paused, pauses: [{ from: new Date('2026-03-03T05:00:00Z'), to: null }] });
    expect(reasonOf(matchNode(paused, node(), event(), 'fans'))).toBe('MATCHED');
  });

  it('should refuse an event that happened during a pause that is over now', () => {
    const resumed = campaign({ pauses: [{ from: new Date('2026-03-03T03:00:00Z'), to: new Date('2026-03-03T05:00:00Z') }] });
    expect(reasonOf(matchNode(resumed, node(), event(), 'fans'))).toBe('CAMPAIGN_PAUSED');
    expect(reasonOf(matchNode(resumed, node(), event({ occurredAt: new Date('2026-03-03T05:00:00Z') }), 'fans'))).toBe('MATCHED');
  });

  it.each([
    ['a draft', { status: CampaignStatus.Draft }],
    ['scheduled with no start', { status: CampaignStatus.Scheduled, startsAt: null }],
    ['scheduled to start after the event', { status: CampaignStatus.Scheduled, startsAt: new Date('2026-03-20T00:00:00Z') }],
    ['ended before the event', { status: CampaignStatus.Ended, endsAt: new Date('2026-03-02T00:00:00Z') }],
    ['live but started after the event', { startsAt: new Date('2026-03-03T05:00:00Z') }],
    ['live with no recorded start', { startsAt: null }],
  ])('should answer CAMPAIGN_NOT_LIVE naming the status when the campaign is %s', (_label, overrides) => {
    const c = campaign(overrides);
    const result = matchNode(c, node(), event({ receivedAt: new Date('2027-01-01T00:00:00Z') }), 'fans');
    expect(reasonOf(result)).toBe('CAMPAIGN_NOT_LIVE');
    expect(!result.matched && result.detail).toContain(`(${c.status})`);
  });

  it.each([
    ['scheduled whose start has passed before the clock ticked', { status: CampaignStatus.Scheduled }],
    ['ended after the event happened (a late sync)', { status: CampaignStatus.Ended }],
  ])('should judge the schedule at occurredAt when the campaign is %s', (_label, overrides) => {
    const result = matchNode(campaign(overrides), node(), event(), 'fans');
    expect(result.matched).toBe(true);
  });

  it('should answer CAMPAIGN_NOT_LIVE when the event is exactly at the campaign end (exclusive)', () => {
    const result = matchNode(campaign(), node({ window: {} }), event({ occurredAt: new Date('2026-04-01T00:00:00Z') }), 'fans');
    expect(reasonOf(result)).toBe('CAMPAIGN_NOT_LIVE');
  });

  it('should answer TOO_LATE when the event reached us later than the node accepts, and take it just inside the limit', () => {
    const late = event({ receivedAt: new Date(GOOD_AT.getTime() + 72 * 3_600_000 + 1) });
    const result = matchNode(campaign(), node(), late, 'fans');
    expect(reasonOf(result)).toBe('TOO_LATE');
    expect(!result.matched && result.detail).toContain('72 h');
    const justInTime = event({ receivedAt: new Date(GOOD_AT.getTime() + 72 * 3_600_000) });
    expect(reasonOf(matchNode(campaign(), node(), justInTime, 'fans'))).toBe('MATCHED');
    expect(reasonOf(matchNode(campaign(), node({ maxLatenessHours: 240 }), late, 'fans'))).toBe('MATCHED');
  });

  it('should answer EVENT_TYPE_MISMATCH before time rules when the type differs and the time is outside', () => {
    // Act
    const result = matchNode(campaign(), node(), event({ type: 'refund', occurredAt: new Date('2020-01-01T00:00:00Z') }), null);
    // Assert
    expect(reasonOf(result)).toBe('EVENT_TYPE_MISMATCH');
    expect(!result.matched && result.detail).toContain("'purchase'");
  });

  it('should ignore the campaign end when it is null', () => {
    const open = campaign({ endsAt: null });
    expect(reasonOf(matchNode(open, node({ window: {} }), event({ occurredAt: new Date('2030-01-01T00:00:00Z'), receivedAt: new Date('2030-01-01T00:00:00Z') }), 'fans'))).toBe('MATCHED');
  });

  it('should answer BEFORE_WINDOW when inside the campaign but before the node window', () => {
    // Sunday 2026-03-01 12:00 Shanghai: inside campaign, before the window, also outside the Tuesday slot
    const result = matchNode(campaign(), node(), event({ occurredAt: new Date('2026-03-01T04:00:00Z') }), null);
    expect(reasonOf(result)).toBe('BEFORE_WINDOW');
  });

  it('should answer AFTER_WINDOW when inside the campaign but after the node window', () => {
    const result = matchNode(campaign(), node(), event({ occurredAt: new Date('2026-03-24T04:00:00Z') }), null);
    expect(reasonOf(result)).toBe('AFTER_WINDOW');
  });

  it('should answer OUTSIDE_WEEKLY_SLOT naming the campaign zone when the local time misses the slot', () => {
    // Tuesday 2026-03-03 09:59 Shanghai, and the audience is wrong too
    const result = matchNode(campaign(), node(), event({ occurredAt: new Date('2026-03-03T01:59:00Z') }), 'strangers');
    expect(reasonOf(result)).toBe('OUTSIDE_WEEKLY_SLOT');
    expect(!result.matched && result.detail).toContain('Asia/Shanghai');
  });

  it('should answer AUDIENCE_MISMATCH before conditions when the circle is not listed', () => {
    const result = matchNode(campaign(), node(), event({ data: { amount: 1 } }), 'strangers');
    expect(result).toEqual({ matched: false, reason: 'AUDIENCE_MISMATCH', detail: "participant circle 'strangers' is not in [fans]" });
  });

  it('should answer AUDIENCE_MISMATCH when the node has an audience and the participant has no circle', () => {
    const result = matchNode(campaign(), node(), event(), null);
    expect(!result.matched && result.detail).toBe("participant circle 'none' is not in [fans]");
  });

  it('should let anyone in when the audience is null', () => {
    expect(reasonOf(matchNode(campaign(), node({ audienceCircles: null }), event(), null))).toBe('MATCHED');
  });

  it('should answer CONDITION_FAILED describing the failing condition when a condition does not hold', () => {
    const result = matchNode(campaign(), node(), event({ data: { amount: 99 } }), 'fans');
    expect(result).toEqual({ matched: false, reason: 'CONDITION_FAILED', detail: 'condition amount gte 100 does not hold' });
  });

  it('should key by the weekly slot occurrence when the rule is once per window', () => {
    const result = matchNode(campaign(), node({ reentry: ReentryRule.OncePerWindow }), event(), 'fans');
    expect(result).toEqual({ matched: true, reentryKey: 'window:2026-03-03T02:00:00.000Z' });
  });

  it('should key by the constant window key when once per window has no weekly slots', () => {
    const result = matchNode(campaign(), node({ reentry: ReentryRule.OncePerWindow, window: {} }), event(), 'fans');
    expect(result).toEqual({ matched: true, reentryKey: 'window:window' });
  });

  it('should key by the event id when the rule is every time', () => {
    const result = matchNode(campaign(), node({ reentry: ReentryRule.EveryTime }), event({ id: 'evt-42' }), 'fans');
    expect(result).toEqual({ matched: true, reentryKey: 'event:evt-42' });
  });

  describe('ring-by-ring rollout', () => {
    // Stage 1 opened a day before GOOD_AT; stage 2 opens 2 h after GOOD_AT; stage 3 only by threshold.
    const opened = new Date(GOOD_AT.getTime() - 86_400_000);
    const stages = parseRollout([{ circles: ['fans'] }, { circles: ['core'], after: 'PT26H' }, { everyone: true, threshold: { participations: 5 } }]);
    const rolled = (recorded = stageTimings(stages, opened, [])) => node({ audienceCircles: null, rollout: recorded });

    it('should let the first ring in and keep the next one out with when it opens', () => {
      expect(reasonOf(matchNode(campaign(), rolled(), event(), 'fans'))).toBe('MATCHED');
      const out = matchNode(campaign(), rolled(), event(), 'core');
      expect(out).toMatchObject({ matched: false, reason: 'RING_NOT_OPEN_YET', opensAt: new Date(GOOD_AT.getTime() + 2 * 3_600_000).toISOString() });
    });

    it('should give no instant but the threshold when only a threshold can open the ring', () => {
      expect(matchNode(campaign(), rolled(), event(), 'anyone')).toMatchObject({ reason: 'RING_NOT_OPEN_YET', opensAt: null, threshold: { participations: 5 } });
    });

    it('should judge by occurredAt: an event from before the opening stays out after it, one at the opening enters', () => {
      const opensAt = new Date(GOOD_AT.getTime() + 2 * 3_600_000);
      const later = new Date(opensAt.getTime() + 3_600_000);
      expect(reasonOf(matchNode(campaign(), rolled(), event({ receivedAt: later }), 'core'))).toBe('RING_NOT_OPEN_YET');
      expect(reasonOf(matchNode(campaign(), rolled(), event({ occurredAt: opensAt, receivedAt: later }), 'core'))).toBe('MATCHED');
    });

    it('should open the ring at a recorded threshold opening', () => {
      const recorded = stageTimings(stages, opened, [{ stage: 3, openedAt: new Date(GOOD_AT.getTime() - 1), reason: 'THRESHOLD' }]);
      expect(reasonOf(matchNode(campaign(), rolled(recorded), event(), 'anyone'))).toBe('MATCHED');
    });

    it('should answer AUDIENCE_MISMATCH for a circle in no stage of a rollout without an everyone stage', () => {
      const closed = stageTimings(parseRollout([{ circles: ['fans'] }]), opened, []);
      expect(reasonOf(matchNode(campaign(), rolled(closed), event(), 'other'))).toBe('AUDIENCE_MISMATCH');
    });
  });
});
