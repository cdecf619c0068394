import { byTimeThenId } from './order';
import { contestSchedule } from './schedule';
import { UgcContestConfig } from './ugc-contest.config';
import { EntryModeration } from './vote-judging';

export interface EntrySubmission {
  entryId: string;
  authorId: string;
  occurredAt: Date;
  moderation: EntryModeration;
}

export type EntryRefusal = 'OUTSIDE_ENTRY_WINDOW' | 'ENTRY_LIMIT_REACHED';

export type EntryVerdict = { status: 'accepted' } | { status: 'refused'; reason: EntryRefusal };

/**
 * Which entries take part: inside [entriesOpenAt, entriesCloseAt), and each person's first
 * `maxEntriesPerPerson` in business-time order (occurredAt, then entryId). A rejected entry
 * holds no slot, so someone whose entry was rejected can submit a better one; a pending entry
 * holds its slot. A function of the set, like judgeVotes: recompute on every change.
 * A refused entry goes to judgeVotes as `rejected`.
 */
export function judgeEntries(entries: readonly EntrySubmission[], cfg: UgcContestConfig): Map<string, EntryVerdict> {
  const { entriesOpenAt, entriesCloseAt } = contestSchedule(cfg).round2;
  const ordered = [...entries].sort(byTimeThenId((e) => e.occurredAt, (e) => [e.entryId, e.authorId]));
  const slots = new Map<string, number>();
  const verdicts = new Map<string, EntryVerdict>();
  for (const entry of ordered) {
    if (verdicts.has(entry.entryId)) continue;
    const t = entry.occurredAt.getTime();
    if (t < entriesOpenAt.getTime() || t >= entriesCloseAt.getTime()) {
      verdicts.set(entry.entryId, { status: 'refused', reason: 'OUTSIDE_ENTRY_WINDOW' });
      continue;
    }
    const used = slots.get(entry.authorId) ?? 0;
    if (used >= cfg.maxEntriesPerPerson) {
      verdicts.set(entry.entryId, { status: 'refused', reason: 'ENTRY_LIMIT_REACHED' });
      continue;
    }
    if (entry.moderation !== 'rejected') slots.set(entry.authorId, used + 1);
    verdicts.set(entry.entryId, { status: 'accepted' });
  }
  return verdicts;
}
