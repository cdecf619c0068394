import { LivenessCampaign, livenessAt } from '../campaign/liveness';
import { evaluateWindow, NodeWindow } from '../time/window';
import { firstFailingCondition, TriggerCondition } from './conditions';
import { ReentryRule, reentryKey } from './reentry';

export interface MatchCampaign extends LivenessCampaign {
  timezone: string;
}

export interface MatchNode {
  triggerEventType: string;
  conditions: TriggerCondition[];
  /** null = everyone; otherwise the fan circles that may enter. */
  audienceCircles: string[] | null;
  window: NodeWindow;
  reentry: ReentryRule;
  /** The largest lateness (receivedAt − occurredAt) at which an event may still enter. */
  maxLatenessHours: number;
}

export interface MatchEvent {
  id: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  data: Record<string, unknown>;
}

/** Default node lateness limit: a few days covers shops that sync nightly or after a weekend. */
export const DEFAULT_MAX_LATENESS_HOURS = 72;
/** Upper bound of the setting; campaigns that ended longer ago than this take no more events. */
export const MAX_LATENESS_HOURS_LIMIT = 720;

export type NoMatchReason =
  | 'CAMPAIGN_NOT_LIVE'
  | 'CAMPAIGN_PAUSED'
  | 'EVENT_TYPE_MISMATCH'
  | 'TOO_LATE'
  | 'BEFORE_WINDOW'
  | 'AFTER_WINDOW'
  | 'OUTSIDE_WEEKLY_SLOT'
  | 'AUDIENCE_MISMATCH'
  | 'CONDITION_FAILED'
  | 'REENTRY_BLOCKED';

export type NodeMatch =
  | { matched: true; reentryKey: string }
  | { matched: false; reason: NoMatchReason; detail: string };

const no = (reason: NoMatchReason, detail: string): NodeMatch => ({ matched: false, reason, detail });

/**
 * Decides whether an event enters a node, and if not, the first reason why. The router
 * and the explain endpoint both call this, so what is explained is what was decided.
 * Every rule is judged at the event's occurredAt (business time): the campaign's schedule and
 * pauses, the node window and weekly slots, re-entry. Lateness (how long after it happened the
 * event reached us) is judged from receivedAt, so a replay or a slow queue never changes it.
 */
export function matchNode(campaign: MatchCampaign, node: MatchNode, event: MatchEvent, circle: string | null): NodeMatch {
  if (event.type !== node.triggerEventType) {
    return no('EVENT_TYPE_MISMATCH', `node triggers on '${node.triggerEventType}', event is '${event.type}'`);
  }
  const at = event.occurredAt;
  const liveness = livenessAt(campaign, at);
  if (liveness === 'paused') return no('CAMPAIGN_PAUSED', `the campaign was paused at ${at.toISOString()}`);
  if (liveness === 'not_live') {
    return no('CAMPAIGN_NOT_LIVE', `the campaign (${campaign.status}) was not running at ${at.toISOString()}`);
  }
  const lateMs = event.receivedAt.getTime() - at.getTime();
  if (lateMs > node.maxLatenessHours * 3_600_000) {
    return no('TOO_LATE', `received ${Math.floor(lateMs / 3_600_000)} h after it happened; the node takes events up to ${node.maxLatenessHours} h late`);
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
