import { SPREAD_EVENT_TYPES, SpreadKind } from '@lib/domain';

// A Map, not an object: an event type such as 'constructor' must not find a prototype member.
export function spreadKindOf(eventType: string): SpreadKind | undefined {
  return SPREAD_EVENT_TYPES.get(eventType);
}
