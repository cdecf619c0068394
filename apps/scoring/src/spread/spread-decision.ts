import { PLACED_BY_MECHANIC, SpreadKind } from '@lib/domain';
import { InboundEventEntity, MechanicInputResult, SpreadEventEntity } from '@lib/persistence';

export type SpreadDecision =
  | { status: 'counted'; campaignId: string; depth: number; parent: SpreadEventEntity | null }
  | { status: 'pending_parent'; reason: string }
  | { status: 'rejected'; campaignId: string | null; reason: string };

const ref = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null);

/** The post id an event claims and the parent it names (posts name none; an entry's id is its post id). */
export function refsOf(kind: SpreadKind, event: Pick<InboundEventEntity, 'type' | 'data'>): { postRef: string | null; parentRef: string | null } {
  const postRef = ref(event.data.postId) ?? (event.type === 'entry' ? ref(event.data.entryId) : null);
  return { postRef, parentRef: kind === 'post' ? null : ref(event.data.parentPostId) };
}

export interface CascadePlace {
  kind: SpreadKind;
  postRef: string | null;
  parentRef: string | null;
}

/**
 * Where an event sits in the cascade: from its data (post ids it names), or, for the types a
 * mechanic places (a referral sign-up), from the accepted verdict's place. A placed type
 * without such a verdict names nothing (decided by `decideSpread` through the verdict).
 */
export function placeOf(kind: SpreadKind, event: Pick<InboundEventEntity, 'type' | 'data'>, verdict: MechanicInputResult | null | undefined): CascadePlace {
  if (!PLACED_BY_MECHANIC.has(event.type)) return { kind, ...refsOf(kind, event) };
  const s = verdict?.spread;
  return s ? { kind: s.kind, postRef: ref(s.postRef), parentRef: s.kind === 'post' ? null : ref(s.parentRef) } : { kind, postRef: null, parentRef: null };
}

/**
 * Decides what a spread event is worth (brand follows, which name no post, are the follow
 * book's): a post counts when its mechanic accepted it and waits while none has judged it; a
 * repost, follow or referral counts under a counted parent, waits for a parent not yet
 * seen, and is rejected under a rejected one. `sameRef` is the live row already holding
 * the event's post id, if any.
 */
export function decideSpread(
  kind: SpreadKind,
  event: InboundEventEntity,
  parent: SpreadEventEntity | null,
  sameRef: SpreadEventEntity | null,
  verdict: MechanicInputResult | null = null,
  place: Pick<CascadePlace, 'postRef' | 'parentRef'> = refsOf(kind, event),
): SpreadDecision {
  const { postRef, parentRef } = place;
  // A sign-up no referral node took, or one its node did not place: nothing in the cascade.
  if (PLACED_BY_MECHANIC.has(event.type) && !verdict) return { status: 'rejected', campaignId: null, reason: 'NOT_PLACED_BY_MECHANIC' };
  if (kind === 'post') {
    // No invitation yet: it waits, as a repost waits for its parent, and is judged once an
    // activity claims it (the worker attributes posts by topic).
    if (!verdict) {
      // Another live row already holds this post id (the same post synced again): a duplicate.
      if (sameRef && sameRef.status !== 'rejected' && sameRef.inboundEventId !== event.id) {
        return { status: 'rejected', campaignId: sameRef.campaignId, reason: 'DUPLICATE_POST_ID' };
      }
      return { status: 'pending_parent', reason: 'WAITING_FOR_INVITATION' };
    }
    if (!verdict.accepted) return { status: 'rejected', campaignId: verdict.campaignId || null, reason: verdict.reason ?? 'REJECTED_BY_MECHANIC' };
    // A verified post outranks a repost still waiting under its id (the recorder demotes it);
    // only a counted row makes it a duplicate.
    if (sameRef?.status === 'counted') return { status: 'rejected', campaignId: verdict.campaignId, reason: 'DUPLICATE_POST_ID' };
    return { status: 'counted', campaignId: verdict.campaignId, depth: 0, parent: null };
  }
  if (parentRef === null) return { status: 'rejected', campaignId: null, reason: 'MISSING_PARENT_POST_ID' };
  if (postRef !== null && postRef === parentRef) return { status: 'rejected', campaignId: null, reason: 'SELF_PARENT' };
  // A rejected earlier row (say, the same post sent before it had its invitation id) does not
  // make this one a duplicate.
  if (sameRef && sameRef.status !== 'rejected') return { status: 'rejected', campaignId: parent?.campaignId ?? null, reason: 'DUPLICATE_POST_ID' };
  if (!parent || parent.status === 'pending_parent') return { status: 'pending_parent', reason: 'WAITING_FOR_PARENT' };
  if (parent.status === 'rejected') return { status: 'rejected', campaignId: parent.campaignId, reason: 'PARENT_REJECTED' };
  return { status: 'counted', campaignId: parent.campaignId!, depth: (parent.depth ?? 0) + 1, parent };
}
