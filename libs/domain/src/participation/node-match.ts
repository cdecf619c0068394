import { LivenessCampaign, livenessAt } from '../campaign/liveness';
import { evaluateWindow, NodeWindow } from '../time/window';
import { firstFailingCondition, TriggerCondition } from './conditions';
import { ReentryRule, reentryKey } from './reentry';
import { isOpenAt, RolloutThreshold, StageTiming, stageOf } from './rollout';

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
  /** Ring-by-ring rollout: when each stage opens (stageTimings); null = no rollout. */
  rollout?: StageTiming[] | null;
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
  | 'RING_NOT_OPEN_YET'
  | 'CONDITION_FAILED'
  | 'REENTRY_BLOCKED';

export type NodeMatch =
  | { matched: true; reentryKey: string }
  | { matched: false; reason: NoMatchReason; detail: string; opensAt?: string | null; threshold?: RolloutThreshold | null };

type NoMatch = Extract<NodeMatch, { matched: false }>;
const no = (reason: NoMatchReason, detail: string): NoMatch => ({ matched: false, reason, detail });

function ringNotOpen(stage: StageTiming, circle: string | null): NodeMatch {
  const who = stage.circles ? `circle '${circle}'` : 'everyone';
  const when = stage.at ? `opens at ${stage.at.toISOString()}` : 'opens when its threshold is reached';
  return { ...no('RING_NOT_OPEN_YET', `rollout stage ${stage.stage} (${who}) ${when}`), opensAt: stage.at?.toISOString() ?? null, threshold: stage.threshold };
}

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
  if (node.rollout) {
    // Judged at occurredAt: an event from before its ring opened stays out once the ring opens.
    const stage = stageOf(node.rollout, circle);
    if (!stage) return no('AUDIENCE_MISMATCH', `participant circle '${circle ?? 'none'}' is in no rollout stage`);
    if (!isOpenAt(stage, at)) return ringNotOpen(stage, circle);
  }
  const failing = firstFailingCondition(node.conditions, event.data);
  if (failing) {
    return no('CONDITION_FAILED', `condition ${failing.field} ${failing.op} ${JSON.stringify(failing.value)} does not hold`);
  }
  return { matched: true, reentryKey: reentryKey(node.reentry, window.occurrenceKey, event.id) };
}
