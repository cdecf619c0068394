/** How often one participant may enter one node. */
export enum ReentryRule {
  Once = 'once',
  OncePerWindow = 'once_per_window',
  EveryTime = 'every_time',
}

/**
 * The natural key that makes "one activity per node × participant × trigger" a unique
 * constraint: repeating the same key is what the re-entry rule forbids.
 */
export function reentryKey(rule: ReentryRule, occurrenceKey: string, eventId: string): string {
  const keys: Record<ReentryRule, string> = {
    [ReentryRule.Once]: 'once',
    [ReentryRule.OncePerWindow]: `window:${occurrenceKey}`,
    [ReentryRule.EveryTime]: `event:${eventId}`,
  };
  return keys[rule];
}
