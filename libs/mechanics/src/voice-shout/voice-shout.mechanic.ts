import { Injectable } from '@nestjs/common';
import { ClipAnalysis, judgeClip } from '@lib/audio';
import { ActivityState, MechanicKind } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicOutcome } from '../mechanic.interface';
import { NodeContext, NodeEffect, NodeInputView, NodeMechanic, NodeOutcome, NodeReads } from '../node-mechanic.interface';
import { VoiceShoutConfig } from './voice-shout.config';

type Ctx = NodeContext<VoiceShoutConfig>;
const CLOSE = 'close';
/** Loudness on the standings in milli-LU: exact integers, louder is higher. */
const milli = (lufs: number): bigint => BigInt(Math.round(lufs * 1000));
const byTime = (a: NodeInputView, b: NodeInputView) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const lufsOf = (i: NodeInputView): number | null => (i.analysis as { integratedLufs?: number | null } | null)?.integratedLufs ?? null;

/**
 * The voice-shout contest: participants send a clip (a voice_entry event, or the upload
 * endpoint); the analysis step measures it (BS.1770-4 loudness, peaks, fingerprint) off the
 * event loop; the judgement applies the fairness rules; each person's loudest accepted clip is
 * their place on the standings; at the close the loudest win and everyone hears their result.
 * Entries are judged one at a time per node (one lock key): a duplicate is a duplicate of any
 * account's clip. The earlier clip (business time) is the original, whatever arrives first.
 */
@Injectable()
export class VoiceShoutMechanic implements MechanicHandler<VoiceShoutConfig> {
  readonly kind = MechanicKind.VoiceShout;
  readonly configClass = VoiceShoutConfig;
  readonly configVersion = 1;
  readonly inputs = [{ type: 'voice_entry', address: { by: 'node' }, analyse: 'loudness' }] as const;

  readonly node: NodeMechanic<VoiceShoutConfig> = {
    acceptsNodeInput: (ctx, input) =>
      typeof input.data.contest === 'string'
        ? input.data.contest === ctx.node.id
        : input.occurredAt >= new Date(ctx.config.opensAt) && input.occurredAt < new Date(ctx.config.closesAt),
    lockKey: () => 'entries',
    handleNodeInput: (ctx, input, reads) => this.judge(ctx, input, reads),
    phases: (ctx) => [{ name: CLOSE, at: new Date(ctx.config.closesAt) }],
    runPhase: (ctx, phase, reads) => (phase.name === CLOSE ? this.close(ctx, reads) : Promise.resolve({ verdicts: [], effects: [], summary: { unknownPhase: phase.name } })),
  };

  activate(ctx: MechanicContext<VoiceShoutConfig>): MechanicOutcome {
    return { state: ActivityState.Invited, result: ctx.activity.result, effects: [] };
  }

  expire(): MechanicOutcome | null {
    return null;
  }

  private async judge(ctx: Ctx, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome> {
    const { config } = ctx;
    const analysis = (input.analysis ?? { ok: false, reason: 'UNDECODABLE', detail: 'no analysis' }) as unknown as ClipAnalysis;
    if (input.occurredAt < new Date(config.opensAt) || input.occurredAt >= new Date(config.closesAt)) {
      return this.outcome(input, { accepted: false, reason: 'OUTSIDE_CONTEST_WINDOW', message: 'The contest was not open at that time.' }, []);
    }
    const accepted = (await reads.inputs({ types: ['voice_entry'], states: ['judged'], accepted: true })).filter((e) => e.id !== input.id);
    const before = accepted.filter((e) => byTime(e, input) < 0);
    const verdict = judgeClip(analysis, config.rules, {
      entriesSoFar: before.filter((e) => e.participantId === input.participantId).length,
      earlier: before.map((e) => ({ entryId: e.id, fingerprint: String((e.analysis as { fingerprint?: string }).fingerprint ?? '') })),
    });
    const out = this.outcome(input, { accepted: verdict.verdict === 'accepted', reason: verdict.reason, message: verdict.message, duplicateOf: verdict.duplicateOf }, accepted);
    if (verdict.verdict !== 'accepted') return out;
    // A later clip already accepted that copies this one is the duplicate, not this one.
    const fingerprint = (analysis as { fingerprint: string }).fingerprint;
    for (const later of accepted.filter((e) => byTime(e, input) > 0)) {
      const again = judgeClip(later.analysis as unknown as ClipAnalysis, config.rules, { entriesSoFar: 0, earlier: [{ entryId: input.id, fingerprint }] });
      if (again.reason !== 'DUPLICATE') continue;
      const demoted = this.outcome(later, { accepted: false, reason: 'DUPLICATE', message: again.message, duplicateOf: input.id }, [...accepted.filter((e) => e.id !== later.id), { ...input, accepted: true, state: 'judged' }]);
      out.verdicts.push(...demoted.verdicts);
      out.effects.push(...demoted.effects.filter((e) => e.type !== 'rank'));
    }
    out.effects.push(...this.placeOf(input.participantId, [...accepted.filter((e) => !out.verdicts.some((v) => v.inputId === e.id && !v.accepted)), input]));
    return out;
  }

  /** A verdict, the message that tells the participant, and their place from their accepted clips. */
  private outcome(input: NodeInputView, v: { accepted: boolean; reason: string | null; message: string; duplicateOf?: string }, others: NodeInputView[]): NodeOutcome {
    const a = input.analysis as { integratedLufs?: number | null; truePeakDbtp?: number | null; durationSec?: number } | null;
    const measured = { integratedLufs: a?.integratedLufs ?? null, truePeakDbtp: a?.truePeakDbtp ?? null, durationSec: a?.durationSec ?? null };
    const effects: NodeEffect[] = [
      {
        type: 'message',
        participantId: input.participantId,
        key: `voice.entry.${input.id}`,
        body: { kind: 'voice-shout.entry', entryId: input.id, accepted: v.accepted, reason: v.reason, text: v.message, ...measured },
      },
    ];
    if (!v.accepted) effects.push(...this.placeOf(input.participantId, others));
    return {
      verdicts: [{ inputId: input.id, state: 'judged', accepted: v.accepted, ...(v.reason ? { reason: v.reason } : {}), detail: { ...measured, ...(v.duplicateOf ? { duplicateOf: v.duplicateOf } : {}) } }],
      effects,
    };
  }

  /** A person's place is their loudest accepted clip (ties: the earlier clip). */
  private placeOf(participantId: string, accepted: NodeInputView[]): NodeEffect[] {
    const mine = accepted.filter((e) => e.participantId === participantId && lufsOf(e) !== null);
    const best = [...mine].sort((a, b) => lufsOf(b)! - lufsOf(a)! || byTime(a, b))[0];
    if (!best) return [{ type: 'rank', member: participantId, participantId, tieAt: new Date(0), score: null }];
    return [{ type: 'rank', member: participantId, participantId, tieAt: best.occurredAt, score: milli(lufsOf(best)!) }];
  }

  /** The loudest N win (prizes from the pool when set); everyone else hears their rank. */
  private async close(ctx: Ctx, reads: NodeReads): Promise<NodeOutcome> {
    const standings = await reads.standings(100_000);
    const effects: NodeEffect[] = [];
    standings.forEach((s, i) => {
      const body = { kind: 'voice-shout.result', rank: i + 1, of: standings.length, integratedLufs: Number(s.score) / 1000, won: i < ctx.config.winners };
      const key = `voice.result.${ctx.node.id}`;
      if (i < ctx.config.winners && ctx.config.prizePoolId) {
        effects.push({ type: 'award', participantId: s.participantId, sourceKey: `voice:${ctx.node.id}:${s.participantId}`, poolId: ctx.config.prizePoolId, message: { key, body }, refused: { key, body } });
      } else {
        effects.push({ type: 'message', participantId: s.participantId, key, body });
      }
    });
    const winners = standings.slice(0, ctx.config.winners).map((s, i) => ({ rank: i + 1, participantId: s.participantId, integratedLufs: Number(s.score) / 1000 }));
    return { verdicts: [], effects, summary: { winners, ranked: standings.length } };
  }
}
