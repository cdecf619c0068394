import { UgcContestConfig } from './ugc-contest.config';
import { contestSchedule } from './schedule';
import { byTimeThenId } from './order';
import { periodOf } from './voting-period';

export type EntryModeration = 'approved' | 'pending' | 'rejected';

/** A vote event as judged: who voted for which entry, at business time. */
export interface VoteFact {
  eventId: string;
  voterId: string;
  entryId: string;
  occurredAt: Date;
}

/**
 * An entry as votes see it. An entry judgeEntries refused (outside the window, over the
 * per-person limit) is passed as `rejected`. `approvedAt`: when it became votable — the human
 * decision time, or null/absent for an entry approved by the automatic rules at submission.
 */
export interface EntryFact {
  entryId: string;
  authorId: string;
  occurredAt: Date;
  moderation: EntryModeration;
  approvedAt?: Date | null;
}

export type VoteReason = 'SELF_VOTE' | 'EXTRA_VOTE_IN_PERIOD' | 'OUTSIDE_VOTING_WINDOW' | 'UNKNOWN_ENTRY' | 'ENTRY_NOT_APPROVED';

/** `waiting` (reason UNKNOWN_ENTRY): the entry has not arrived yet; judged again when it does. */
export interface VoteVerdict {
  status: 'valid' | 'invalid' | 'waiting';
  reason?: VoteReason;
  period: string;
}

export interface JudgeVotesOptions {
  /** At close: a vote still waiting for its entry will never see it, and is invalid. */
  final?: boolean;
}

/**
 * Judges a set of votes (meant: all of one voter's votes in a node; several voters are judged
 * apart) against the entries known so far. The result depends on the set only: votes are
 * taken in business-time order (occurredAt, then eventId), whatever order they arrived in.
 *
 * Per vote, first matching rule wins: outside [votingOpensAt, votingClosesAt) → invalid;
 * entry unknown → waiting (invalid UNKNOWN_ENTRY when final); own entry → SELF_VOTE; entry
 * rejected → ENTRY_NOT_APPROVED; entry not yet votable at the vote's time (pending, or approved
 * after the vote, unless votableBeforeApproval) → ENTRY_NOT_APPROVED. Of the rest, the first
 * vote in each voting period is valid and later ones are EXTRA_VOTE_IN_PERIOD. Invalid and
 * waiting votes do not use up the period, so a waiting vote whose entry arrives takes the
 * period back from a later vote when it is earlier.
 */
export function judgeVotes(
  votes: readonly VoteFact[],
  entries: ReadonlyMap<string, EntryFact>,
  cfg: UgcContestConfig,
  timezone: string,
  options: JudgeVotesOptions = {},
): Map<string, VoteVerdict> {
  const { votingOpensAt, votingClosesAt } = contestSchedule(cfg).round2;
  const usedPeriods = new Set<string>();
  const verdicts = new Map<string, VoteVerdict>();
  for (const vote of orderedVotes(votes)) {
    const period = periodOf(vote.occurredAt, cfg, timezone);
    const refusal = refusalOf(vote, entries.get(vote.entryId), cfg, votingOpensAt, votingClosesAt, options.final === true);
    if (refusal) {
      verdicts.set(vote.eventId, { ...refusal, period });
      continue;
    }
    const key = JSON.stringify([vote.voterId, period]);
    if (usedPeriods.has(key)) {
      verdicts.set(vote.eventId, { status: 'invalid', reason: 'EXTRA_VOTE_IN_PERIOD', period });
    } else {
      usedPeriods.add(key);
      verdicts.set(vote.eventId, { status: 'valid', period });
    }
  }
  return verdicts;
}

type Refusal = { status: 'invalid' | 'waiting'; reason: VoteReason };

function refusalOf(vote: VoteFact, entry: EntryFact | undefined, cfg: UgcContestConfig, opens: Date, closes: Date, final: boolean): Refusal | null {
  const at = vote.occurredAt.getTime();
  if (at < opens.getTime() || at >= closes.getTime()) return { status: 'invalid', reason: 'OUTSIDE_VOTING_WINDOW' };
  if (!entry) return { status: final ? 'invalid' : 'waiting', reason: 'UNKNOWN_ENTRY' };
  if (entry.authorId === vote.voterId) return { status: 'invalid', reason: 'SELF_VOTE' };
  if (!votableAt(entry, at, cfg.votableBeforeApproval)) return { status: 'invalid', reason: 'ENTRY_NOT_APPROVED' };
  return null;
}

/** Judged at the vote's business time: an approval after the vote does not revive it. */
function votableAt(entry: EntryFact, at: number, votableBeforeApproval: boolean): boolean {
  if (entry.moderation === 'rejected') return false;
  if (votableBeforeApproval) return true;
  if (entry.moderation === 'pending') return false;
  return entry.approvedAt == null || entry.approvedAt.getTime() <= at;
}

/** Valid votes per entry (entries without any are absent). */
export function tallyVotes(verdicts: ReadonlyMap<string, VoteVerdict>, votes: readonly VoteFact[]): Map<string, number> {
  const tally = new Map<string, number>();
  for (const vote of orderedVotes(votes)) {
    if (verdicts.get(vote.eventId)?.status !== 'valid') continue;
    tally.set(vote.entryId, (tally.get(vote.entryId) ?? 0) + 1);
  }
  return tally;
}

const voteOrder = byTimeThenId<VoteFact>((v) => v.occurredAt, (v) => [v.eventId, v.voterId, v.entryId]);

/** Business-time order; an event id seen twice is kept once (its earliest form), whatever the input order. */
function orderedVotes(votes: readonly VoteFact[]): VoteFact[] {
  const seen = new Set<string>();
  const ordered: VoteFact[] = [];
  for (const vote of [...votes].sort(voteOrder)) {
    if (seen.has(vote.eventId)) continue;
    seen.add(vote.eventId);
    ordered.push(vote);
  }
  return ordered;
}
