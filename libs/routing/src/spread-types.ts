import { SPREAD_KINDS, SpreadKind } from '@lib/domain';

/** Ingest event types that become spread events, and the kind each records as. */
// Each spread kind arrives as the event type of the same name.
const SPREAD_EVENT_KIND: ReadonlyMap<string, SpreadKind> = new Map(SPREAD_KINDS.map((kind) => [kind, kind]));

// A Map, not an object: an event type such as 'constructor' must not find a prototype member.
export function spreadKindOf(eventType: string): SpreadKind | undefined {
  return SPREAD_EVENT_KIND.get(eventType);
}

