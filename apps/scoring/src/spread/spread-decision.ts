import { SpreadKind } from '@lib/domain';
import { InboundEventEntity, SpreadEventEntity } from '@lib/persistence';

export type SpreadDecision =
  | { status: 'counted'; campaignId: string; depth: number; parent: SpreadEventEntity | null }
  | { status: 'pending_parent'; reason: string }
  | { status: 'rejected'; campaignId: string | null; reason: string };

/**
 * Decides what a spread event is worth: a post counts when its mechanic accepted it; a
 * repost, follow or referral counts under a counted parent, waits for a parent not yet
 * seen, and is rejected under a rejected one.
 */
export function decideSpread(
  kind: SpreadKind,
  event: InboundEventEntity,
  parent: SpreadEventEntity | null,
  sameRef: SpreadEventEntity | null,
): SpreadDecision {
  // A rejected earlier row (say, the same post sent before it had its invitation id) does not
  // make this one a duplicate.
  const duplicateOf = sameRef && sameRef.status !== 'rejected' ? sameRef : null;
  if (kind === 'post') {
    const verdict = event.mechanicResult;
    if (!verdict) return { status: 'rejected', campaignId: null, reason: 'NOT_ATTRIBUTED' };
    if (!verdict.accepted) return { status: 'rejected', campaignId: verdict.campaignId || null, reason: verdict.reason ?? 'REJECTED_BY_MECHANIC' };
    if (duplicateOf) return { status: 'rejected', campaignId: verdict.campaignId, reason: 'DUPLICATE_POST_ID' };
    return { status: 'counted', campaignId: verdict.campaignId, depth: 0, parent: null };
  }
  if (typeof event.data.parentPostId !== 'string') return { status: 'rejected', campaignId: null, reason: 'MISSING_PARENT_POST_ID' };
  if (duplicateOf) return { status: 'rejected', campaignId: parent?.campaignId ?? null, reason: 'DUPLICATE_POST_ID' };
  if (!parent || parent.status === 'pending_parent') return { status: 'pending_parent', reason: 'WAITING_FOR_PARENT' };
  if (parent.status === 'rejected') return { status: 'rejected', campaignId: parent.campaignId, reason: 'PARENT_REJECTED' };
  return { status: 'counted', campaignId: parent.campaignId!, depth: (parent.depth ?? 0) + 1, parent };
}
