import { CampaignStatus } from '../campaign/campaign-status';
import { evaluateWindow, NodeWindow } from '../time/window';
import { firstFailingCondition, TriggerCondition } from './conditions';
import { ReentryRule, reentryKey } from './reentry';

export interface MatchCampaign {
  status: CampaignStatus;
  timezone: string;
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface MatchNode {
  triggerEventType: string;
  conditions: TriggerCondition[];
  /** null = everyone; otherwise the fan circles that may enter. */
  audienceCircles: string[] | null;
  window: NodeWindow;
  reentry: ReentryRule;
}

export interface MatchEvent {
  id: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export type NoMatchReason =
  | 'CAMPAIGN_NOT_LIVE'
  | 'CAMPAIGN_PAUSED'
  | 'EVENT_TYPE_MISMATCH'
  | 'OUTSIDE_CAMPAIGN_SCHEDULE'
  | 'BEFORE_WINDOW'
  | 'AFTER_WINDOW'
  | 'OUTSIDE_WEEKLY_SLOT'
  | 'AUDIENCE_MISMATCH'
  | 'CONDITION_FAILED'
  | 'REENTRY_BLOCKED';

export type NodeMatch =
  | { matched: true; reentryKey: string }
  | { matched: false; reason: NoMatchReason; detail: string };

function liveAt(campaign: MatchCampaign, at: Date): boolean {
  const started = campaign.startsAt !== null && at >= campaign.startsAt;
  const beforeEnd = campaign.endsAt !== null && at < campaign.endsAt;
  const byStatus: Record<CampaignStatus, boolean> = {
    [CampaignStatus.Live]: true,
    [CampaignStatus.Scheduled]: started,
    [CampaignStatus.Ended]: beforeEnd,
    [CampaignStatus.Paused]: false,
    [CampaignStatus.Draft]: false,
  };
  return byStatus[campaign.status];
}

const no = (reason: NoMatchReason, detail: string): NodeMatch => ({ matched: false, reason, detail });

/**
 * Decides whether an event enters a node, and if not, the first reason why. The router
 * and the explain endpoint both call this, so what is explained is what was decided.
 * Time rules are judged at the event's occurredAt. A pause is judged at processing time (no
 * history is kept), but the schedule is business time: a sale that happened before endsAt
 * still counts when it syncs after the campaign ended, and one after startsAt counts before
 * the campaign clock has ticked the campaign live.
 */
export function matchNode(campaign: MatchCampaign, node: MatchNode, event: MatchEvent, circle: string | null): NodeMatch {
  if (campaign.status === CampaignStatus.Paused) return no('CAMPAIGN_PAUSED', 'the campaign is paused');
  if (!liveAt(campaign, event.occurredAt)) return no('CAMPAIGN_NOT_LIVE', `the campaign is ${campaign.status}`);
  if (event.type !== node.triggerEventType) {
    return no('EVENT_TYPE_MISMATCH', `node triggers on '${node.triggerEventType}', event is '${event.type}'`);
  }
  const at = event.occurredAt;
  if ((campaign.startsAt && at < campaign.startsAt) || (campaign.endsAt && at >= campaign.endsAt)) {
    return no('OUTSIDE_CAMPAIGN_SCHEDULE', `occurredAt ${at.toISOString()} is outside the campaign schedule`);
  }
  const window = evaluateWindow(node.window, at, campaign.timezone);
  if (!window.inside) {
    return no(window.reason, `occurredAt ${at.toISOString()} is outside the node window (${campaign.timezone})`);
  }
  if (node.audienceCircles && !(circle !== null && node.audienceCircles.includes(circle))) {
    return no('AUDIENCE_MISMATCH', `participant circle '${circle ?? 'none'}' is not in [${node.audienceCircles.join(', ')}]`);
  }
  const failing = firstFailingCondition(node.conditions, event.data);
  if (failing) {
    return no('CONDITION_FAILED', `condition ${failing.field} ${failing.op} ${JSON.stringify(failing.value)} does not hold`);
  }
  return { matched: true, reentryKey: reentryKey(node.reentry, window.occurrenceKey, event.id) };
}
