import { Injectable } from '@nestjs/common';
import { ActivityState, MechanicKind } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicOutcome } from '../mechanic.interface';
import { NodeContext, NodeEffect, NodeInputView, NodeMechanic, NodeOutcome, NodeReads, NodeVerdict } from '../node-mechanic.interface';
import { UgcContestConfig } from './ugc-contest.config';
import { contestSchedule } from './schedule';
import { autoModerate } from './moderation';
import { judgeEntries } from './entry-judging';
import { EntryFact, EntryModeration, judgeVotes } from './vote-judging';
import { pickWinners } from './winners';
import { entryMessage, voteMessage } from './messages';

type Ctx = NodeContext<UgcContestConfig>;
const CLOSE = 'voting-close';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** An entry's id: entries register it as a reference votes and reposts name. */
const entryIdOf = (i: NodeInputView): string | null => str(i.data.entryId);
// As votes see an entry: refused (window, limit) or rejected entries take no votes.
const moderationOf = (i: NodeInputView): EntryModeration => (i.accepted === false ? 'rejected' : ((i.detail.moderation as EntryModeration | undefined) ?? 'pending'));
const sameVerdict = (i: NodeInputView, v: NodeVerdict) => i.state === v.state && i.accepted === (v.accepted ?? null) && i.reason === (v.reason ?? null);

/**
 * The two-round UGC contest ("our 150 grams of youth"): the brand's seed post starts round 1
 * and its reposts count for the campaign; in round 2 people submit entries (cascade roots of
 * their own), others vote, and at the close the most-voted approved entries win. The rules
 * are the pure functions beside this file; this class maps stored inputs to them and their
 * verdicts to effects. Every judgement is recomputed from the set (an author's entries, a
 * voter's votes), so arrival order never changes a result.
 */
@Injectable()
export class UgcContestMechanic implements MechanicHandler<UgcContestConfig> {
  readonly kind = MechanicKind.UgcContest;
  readonly configClass = UgcContestConfig;
  readonly configVersion = 1;
  readonly inputs = [
    { type: 'post', address: { by: 'node' } },
    { type: 'entry', address: { by: 'node' } },
    { type: 'vote', address: { by: 'ref', kind: 'entry', field: 'entryId' } },
  ] as const;

  readonly node: NodeMechanic<UgcContestConfig> = {
    acceptsNodeInput: (ctx, input) => {
      if (input.type === 'post') return input.data.postId === ctx.config.seedPostId;
      // An entry naming its contest (the node id) goes there only; one naming none goes to every
      // contest running at its time (so a late one still hears OUTSIDE_ENTRY_WINDOW).
      if (typeof input.data.contest === 'string') return input.data.contest === ctx.node.id;
      const { round1, round2 } = contestSchedule(ctx.config);
      return input.occurredAt >= round1.opensAt && input.occurredAt < round2.votingClosesAt;
    },
    lockKey: (input) => `${input.type === 'vote' ? 'voter' : 'author'}:${input.participantId}`,
    handleNodeInput: (ctx, input, reads) => this.judge(ctx, input, reads),
    phases: (ctx) => [{ name: CLOSE, at: contestSchedule(ctx.config).round2.votingClosesAt }],
    reviews: 'entry',
    review: (ctx, input, review, reads) => this.reviewEntry(ctx, input, review, reads),
    runPhase: (ctx, phase, reads) => (phase.name === CLOSE ? this.close(ctx, reads) : Promise.resolve({ verdicts: [], effects: [], summary: { unknownPhase: phase.name } })),
  };

  /** A participant entering the node by its trigger simply takes part; the rules are node-level. */
  activate(ctx: MechanicContext<UgcContestConfig>): MechanicOutcome {
    return { state: ActivityState.Invited, result: ctx.activity.result, effects: [] };
  }

  expire(): MechanicOutcome | null {
    return null;
  }

  private async judge(ctx: Ctx, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome> {
    if (input.type === 'post') {
      // The brand's seed post: the root of round 1's cascades.
      return { verdicts: [{ inputId: input.id, state: 'judged', accepted: true }], effects: [{ type: 'spread', inputId: input.id, channel: ctx.node.channel }] };
    }
    return input.type === 'entry' ? this.judgeEntry(ctx, input, reads) : this.judgeVoter(ctx, input.participantId, reads);
  }

  /** A new entry: judged with the author's other entries (a late, earlier entry can take the slot). */
  private async judgeEntry(ctx: Ctx, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome> {
    const entryId = entryIdOf(input);
    if (!entryId) return { verdicts: [{ inputId: input.id, state: 'judged', accepted: false, reason: 'MISSING_ENTRY_ID' }], effects: [] };
    const holder = await reads.refHolder('entry', entryId);
    if (holder && holder.inputId !== input.id) return { verdicts: [{ inputId: input.id, state: 'judged', accepted: false, reason: 'DUPLICATE_ENTRY_ID' }], effects: [] };
    if (typeof input.detail.moderation === 'string') return this.judgeAuthor(ctx, input.participantId, reads, new Map(), input.id);
    const auto = autoModerate({ text: str(input.data.text) ?? undefined, mediaType: str(input.data.mediaType) }, ctx.config);
    const moderation = { moderation: auto.decision, moderationReason: auto.decision === 'rejected' ? auto.reason : null, approvedAt: null };
    return this.judgeAuthor(ctx, input.participantId, reads, new Map([[input.id, moderation]]), input.id);
  }

  /** A moderator's decision: the entry's moderation changes, then the author's entries and its votes follow. */
  private async reviewEntry(ctx: Ctx, input: NodeInputView, review: { decision: 'approve' | 'reject'; reason: string | null; at: Date }, reads: NodeReads): Promise<NodeOutcome> {
    const moderation =
      review.decision === 'approve'
        ? { moderation: 'approved', moderationReason: null, approvedAt: review.at.toISOString() }
        : { moderation: 'rejected', moderationReason: 'REJECTED_IN_REVIEW', reviewNote: review.reason, approvedAt: null };
    return this.judgeAuthor(ctx, input.participantId, reads, new Map([[input.id, moderation]]), null);
  }

  /**
   * Re-judges all of an author's entries from the set (window, per-person limit, moderation)
   * with `changes` to their moderation applied; entries whose verdict moves take their votes
   * with them. `fresh`: the entry being judged for the first time (always gets a verdict).
   */
  private async judgeAuthor(ctx: Ctx, authorId: string, reads: NodeReads, changes: Map<string, Record<string, unknown>>, fresh: string | null): Promise<NodeOutcome> {
    const mine = (await reads.inputs({ types: ['entry'], participantId: authorId })).filter((e) => e.id === fresh || changes.has(e.id) || e.state === 'judged');
    const detailOf = (e: NodeInputView) => ({ ...e.detail, ...(changes.get(e.id) ?? {}) });
    const moderation = (e: NodeInputView): EntryModeration => (detailOf(e).moderation as EntryModeration | undefined) ?? 'pending';
    const verdicts = judgeEntries(mine.map((e) => ({ entryId: entryIdOf(e) ?? e.id, authorId, occurredAt: e.occurredAt, moderation: moderation(e) })), ctx.config);
    const out: NodeOutcome = { verdicts: [], effects: [] };
    for (const e of mine) {
      const id = entryIdOf(e) ?? e.id;
      const refusal = verdicts.get(id);
      const detail: Record<string, unknown> = { ...detailOf(e), entryId: id };
      const reason = refusal?.status === 'refused' ? refusal.reason : moderation(e) === 'rejected' ? String(detail.moderationReason ?? 'REJECTED_IN_REVIEW') : null;
      const verdict: NodeVerdict = { inputId: e.id, state: 'judged', accepted: reason === null, ...(reason ? { reason } : {}), detail };
      const unchanged = sameVerdict(e, verdict) && JSON.stringify(e.detail) === JSON.stringify(detail);
      if (e.id !== fresh && unchanged) continue;
      out.verdicts.push(verdict);
      out.effects.push(...this.entryEffects(ctx, e, verdict, id));
      // An entry judged again (moderated, or an earlier one took its slot): its votes follow.
      if (e.id !== fresh) out.effects.push({ type: 'rejudge', inputIds: (await reads.inputs({ types: ['vote'], refs: [id] })).map((v) => v.id) });
    }
    return out;
  }

  private entryEffects(ctx: Ctx, e: NodeInputView, v: NodeVerdict, entryId: string): NodeEffect[] {
    const moderation = v.detail?.moderation as EntryModeration;
    const key = v.accepted ? (moderation === 'approved' ? 'APPROVED' : 'PENDING') : (v.reason as Parameters<typeof entryMessage>[0]);
    const effects: NodeEffect[] = [{ type: 'message', participantId: e.participantId, key: `ugc.entry.${entryId}.${key}`, body: { kind: 'ugc-contest.entry', entryId, status: key, text: entryMessage(key) } }];
    if (!v.accepted) return [...effects, { type: 'rank', member: entryId, participantId: e.participantId, tieAt: e.occurredAt, score: null }];
    return [
      ...effects,
      { type: 'ref', kind: 'entry', value: entryId, inputId: e.id, participantId: e.participantId },
      // Listed on the standings from the start, at its current vote count.
      { type: 'rank', member: entryId, participantId: e.participantId, tieAt: e.occurredAt, delta: 0n },
      { type: 'spread', inputId: e.id, channel: e.channel ?? ctx.node.channel },
    ];
  }

  /** Re-judges all of one voter's votes in the node, and moves the standings by the difference. */
  private async judgeVoter(ctx: Ctx, voterId: string, reads: NodeReads): Promise<NodeOutcome> {
    const votes = await reads.inputs({ types: ['vote'], participantId: voterId });
    const entries = new Map<string, EntryFact>();
    const entryInputs = new Map<string, NodeInputView>();
    for (const ref of new Set(votes.map((v) => v.ref).filter((r): r is string => r !== null))) {
      const holder = await reads.refHolder('entry', ref);
      const [entry] = holder ? await reads.inputs({ ids: [holder.inputId] }) : [];
      if (!entry || entry.state !== 'judged') continue;
      entryInputs.set(ref, entry);
      entries.set(ref, { entryId: ref, authorId: entry.participantId, occurredAt: entry.occurredAt, moderation: moderationOf(entry), approvedAt: (entry.detail.approvedAt as string | undefined) ? new Date(entry.detail.approvedAt as string) : null });
    }
    const facts = votes.map((v) => ({ eventId: v.eventId, voterId, entryId: v.ref ?? '', occurredAt: v.occurredAt }));
    // Keyed by event id (the documented tie rule for votes cast at the same instant).
    const judged = judgeVotes(facts, entries, ctx.config, ctx.campaign.timezone);
    const out: NodeOutcome = { verdicts: [], effects: [] };
    for (const vote of votes) {
      const j = judged.get(vote.eventId)!;
      const verdict: NodeVerdict =
        j.status === 'waiting'
          ? { inputId: vote.id, state: 'waiting', reason: j.reason ?? 'UNKNOWN_ENTRY', detail: { period: j.period } }
          : { inputId: vote.id, state: 'judged', accepted: j.status === 'valid', ...(j.reason ? { reason: j.reason } : {}), detail: { period: j.period, message: voteMessage(j) } };
      if (vote.state !== 'pending' && sameVerdict(vote, verdict)) continue;
      out.verdicts.push(verdict);
      const was = vote.state === 'judged' && vote.accepted === true;
      const now = verdict.state === 'judged' && verdict.accepted === true;
      const entry = vote.ref ? entryInputs.get(vote.ref) : undefined;
      if (was !== now && entry) out.effects.push({ type: 'rank', member: vote.ref!, participantId: entry.participantId, tieAt: entry.occurredAt, delta: now ? 1n : -1n });
    }
    return out;
  }

  /** At the close: the top N approved entries by valid votes win (ties: earlier entry, then id). */
  private async close(ctx: Ctx, reads: NodeReads): Promise<NodeOutcome> {
    const entries = (await reads.inputs({ types: ['entry'], states: ['judged'], accepted: true })).filter((e) => entryIdOf(e));
    const standings = new Map((await reads.standings(100_000)).map((s) => [s.member, s]));
    const winners = pickWinners(
      entries.map((e) => ({ entryId: entryIdOf(e)!, occurredAt: e.occurredAt, validVotes: Number(standings.get(entryIdOf(e)!)?.score ?? 0n), moderation: moderationOf(e) })),
      ctx.config.winners,
    );
    const byEntry = new Map(entries.map((e) => [entryIdOf(e)!, e]));
    const won = new Set(winners.map((w) => w.entryId));
    const effects: NodeEffect[] = [];
    for (const w of winners) {
      const author = byEntry.get(w.entryId)!.participantId;
      const body = { kind: 'ugc-contest.winner', entryId: w.entryId, rank: w.rank, validVotes: w.validVotes };
      if (ctx.config.prizePoolId) {
        effects.push({ type: 'award', participantId: author, sourceKey: `ugc:${ctx.node.id}:${w.entryId}`, poolId: ctx.config.prizePoolId, message: { key: `ugc.result.${w.entryId}`, body }, refused: { key: `ugc.result.${w.entryId}`, body: { ...body, prize: null } } });
      } else {
        effects.push({ type: 'message', participantId: author, key: `ugc.result.${w.entryId}`, body });
      }
    }
    for (const [entryId, e] of byEntry) {
      if (won.has(entryId)) continue;
      effects.push({ type: 'message', participantId: e.participantId, key: `ugc.result.${entryId}`, body: { kind: 'ugc-contest.result', entryId, won: false, validVotes: Number(standings.get(entryId)?.score ?? 0n) } });
    }
    return { verdicts: [], effects, summary: { winners, entries: byEntry.size } };
  }
}
