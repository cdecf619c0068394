import { CampaignStatus, MatchCampaign, MatchNode, MAX_LATENESS_HOURS_LIMIT, parsePauses, StageTiming } from '@lib/domain';
import { ActivityEntity, CampaignEntity, NodeEntity, RouteDecision } from '@lib/persistence';

/**
 * Campaigns whose nodes an event may still enter, as SQL over alias `c` with `$since` the
 * earliest receivedAt of the events judged: running, paused or scheduled ones, and ended ones
 * whose end is within the largest lateness any node accepts (an older end can only yield
 * TOO_LATE). The router and explain both use this one definition.
 */
export const ROUTABLE_STATUSES = [CampaignStatus.Live, CampaignStatus.Paused, CampaignStatus.Scheduled];
export const routableCampaignSql = (since: string) =>
  `(c.status IN ('${ROUTABLE_STATUSES.join("', '")}') OR (c.status = '${CampaignStatus.Ended}' AND c.ends_at > CAST(${since} AS timestamptz) - interval '${MAX_LATENESS_HOURS_LIMIT} hours'))`;

export function toMatchCampaign(c: CampaignEntity): MatchCampaign {
  return { status: c.status, timezone: c.timezone, startsAt: c.startsAt, endsAt: c.endsAt, pauses: parsePauses(c.pauses) };
}

export function toMatchNode(n: NodeEntity, rollout: StageTiming[] | null = null): MatchNode {
  return {
    triggerEventType: n.triggerEventType,
    conditions: n.conditions,
    audienceCircles: n.audienceCircles,
    window: { startsAt: n.windowStartsAt, endsAt: n.windowEndsAt, weekly: n.weeklySlots },
    reentry: n.reentry,
    maxLatenessHours: n.maxLatenessHours,
    rollout,
  };
}

/**
 * A matched node whose re-entry key is already held: by this event (a redelivery, still its
 * activity) or by another one (REENTRY_BLOCKED). Decided by the activity's unique key; the
 * router inserts first, explain only looks.
 */
export function reentryDecision(
  ids: { nodeId: string; campaignId: string },
  match: { matched: true; reentryKey: string },
  node: NodeEntity,
  eventId: string,
  holder: Pick<ActivityEntity, 'id' | 'triggerEventId'> | null,
): RouteDecision {
  if (!holder || holder.triggerEventId === eventId) return { ...ids, ...match, activityId: holder?.id };
  return { ...ids, matched: false, reason: 'REENTRY_BLOCKED', detail: `re-entry rule '${node.reentry}' already used by activity ${holder.id}` };
}
