import { SpreadKind } from '@lib/domain';

/** Ingest event types that become spread events, and the kind each records as. */
const SPREAD_EVENT_KIND: ReadonlyMap<string, SpreadKind> = new Map<string, SpreadKind>([
  ['post', 'post'],
  ['repost', 'repost'],
  ['follow', 'follow'],
  ['referral', 'referral'],
]);

// A Map, not an object: an event type such as 'constructor' must not find a prototype member.
export function spreadKindOf(eventType: string): SpreadKind | undefined {
  return SPREAD_EVENT_KIND.get(eventType);
}

export const SPREAD_EVENT_TYPES = [...SPREAD_EVENT_KIND.keys()];
