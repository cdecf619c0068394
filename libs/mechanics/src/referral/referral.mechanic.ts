import { Injectable } from '@nestjs/common';
import { ActivityState, MechanicKind } from '@lib/domain';
import { InputRoute, MechanicContext, MechanicHandler, MechanicOutcome } from '../mechanic.interface';
import { NodeContext, NodeEffect, NodeInputView, NodeMechanic, NodeOutcome, NodeReads, NodeVerdict } from '../node-mechanic.interface';
import { QUALIFYING_EVENT_TYPES, ReferralConfig } from './referral.config';
import { REFERRAL_CODE_REF, referralCode, referralLink } from './referral-code';
import { AttributionRefusal, byBusinessTime, rewardFor } from './referral-rules';
import { ReferralTree, SIGNUP, lockKeys } from './referral-tree';

type Ctx = NodeContext<ReferralConfig>;

/** The cascade post id of a person's place in a node's tree (scoring links referees under it). */
export const placeRef = (nodeId: string, participantId: string): string => `referral:${nodeId}:${participantId}`;

/**
 * Referrals and fission. A `signup` enters the node: the person's first sign-up (business
 * time) places them in the node's referral tree, as a seed or, when it names a code within the
 * attribution window and passes the fraud rules, as the code holder's referee one generation
 * down; either way they get their own code and link. The place feeds the spread cascade
 * (depth = generation). A referee's first qualifying action (a purchase) rewards the referrer
 * through the ledger, once per (referrer, referee). Rules spanning people (cycles, caps) hold
 * because inputs that could affect each other share a lock key (see `lockKeys`).
 */
@Injectable()
export class ReferralMechanic implements MechanicHandler<ReferralConfig> {
  readonly kind = MechanicKind.Referral;
  readonly configClass = ReferralConfig;
  readonly configVersion = 1;
  readonly inputs: readonly InputRoute[] = [SIGNUP, ...QUALIFYING_EVENT_TYPES].map((type) => ({ type, address: { by: 'node' } }));

  readonly node: NodeMechanic<ReferralConfig> = {
    acceptsNodeInput: (ctx, input) => {
      if (input.type !== SIGNUP && !ctx.config.qualifyingEventTypes.includes(input.type)) return false;
      // Naming the node picks it among several; its window holds either way.
      if (typeof input.data.referralNode === 'string' && input.data.referralNode !== ctx.node.id) return false;
      const { opensAt, closesAt } = ctx.config;
      return (!opensAt || input.occurredAt >= new Date(opensAt)) && (!closesAt || input.occurredAt < new Date(closesAt));
    },
    lockKey: (input, ctx) => lockKeys(ctx, input),
    handleNodeInput: (ctx, input, reads) => (input.type === SIGNUP ? this.signup(ctx, input, reads) : this.action(ctx, input, reads)),
    phases: () => [],
    runPhase: async (_ctx, phase) => ({ verdicts: [], effects: [], summary: { unknownPhase: phase.name } }),
  };

  activate(ctx: MechanicContext<ReferralConfig>): MechanicOutcome {
    return { state: ActivityState.Invited, result: ctx.activity.result, effects: [] };
  }

  expire(): MechanicOutcome | null {
    return null;
  }

  /** The person's first sign-up places them; any other sign-up of theirs is ALREADY_ENTERED. */
  private async signup(ctx: Ctx, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome> {
    const mine = (await reads.inputs({ participantId: input.participantId, types: [SIGNUP] })).sort(byBusinessTime);
    const first = mine[0] ?? input;
    const repeat = (i: NodeInputView): NodeVerdict => ({
      inputId: i.id,
      state: 'judged',
      accepted: false,
      reason: i.data.referralCode === undefined ? 'ALREADY_ENTERED' : 'NOT_FIRST_TOUCH',
      detail: { role: 'repeat', firstTouch: first.eventId },
    });
    // Scoring records the repeat too (rejected with this reason), without waiting for a sweep.
    if (first.id !== input.id) return { verdicts: [repeat(input)], effects: [{ type: 'spread', inputId: input.id }] };
    // An earlier sign-up arrived late: it is the first touch now, the earlier place is re-judged as a repeat.
    const outcome = await this.place(ctx, input, reads);
    for (const other of mine) if (other.id !== input.id && other.state === 'judged' && other.reason !== repeat(other).reason) outcome.verdicts.push(repeat(other));
    return outcome;
  }

  private async place(ctx: Ctx, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome> {
    const tree = new ReferralTree(ctx, reads);
    const decision = await tree.decide(input);
    const code = await this.ownCode(ctx, input.participantId, reads);
    const link = referralLink(ctx.config.linkTemplate, code);
    const referee = decision.ok;
    const self = placeRef(ctx.node.id, input.participantId);
    const detail = {
      role: referee ? 'referee' : 'seed',
      code,
      link,
      referrerId: referee ? decision.referrerId : null,
      generation: referee ? decision.generation : 0,
      namedCode: typeof input.data.referralCode === 'string' ? input.data.referralCode : null,
      deviceHash: tree.hashes.deviceHash,
      contactHash: tree.hashes.contactHash,
      ...(decision.ok ? {} : decision.detail ? { refusalDetail: decision.detail } : {}),
      spread: referee ? { kind: 'referral', postRef: self, parentRef: placeRef(ctx.node.id, decision.referrerId) } : { kind: 'post', postRef: self, parentRef: null },
    };
    const reason: AttributionRefusal | undefined = decision.ok || decision.reason === null ? undefined : decision.reason;
    const effects: NodeEffect[] = [
      { type: 'ref', kind: REFERRAL_CODE_REF, value: code, inputId: input.id, participantId: input.participantId },
      { type: 'message', participantId: input.participantId, key: `referral.code.${ctx.node.id}`, body: { kind: 'referral.code', code, link, generation: detail.generation } },
      { type: 'spread', inputId: input.id },
    ];
    if (referee) {
      // Qualifying actions judged before the place existed (out-of-order arrival) are judged again.
      const early = await reads.inputs({ participantId: input.participantId, types: ctx.config.qualifyingEventTypes, states: ['judged'], accepted: false });
      if (early.length > 0) effects.push({ type: 'rejudge', inputIds: early.map((i) => i.id) });
    }
    return { verdicts: [{ inputId: input.id, state: 'judged', accepted: true, ...(reason ? { reason } : {}), detail }], effects };
  }

  /** The person's code: derived, moving to the next attempt only while someone else holds the value. */
  private async ownCode(ctx: Ctx, participantId: string, reads: NodeReads): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const code = referralCode(ctx.node.id, participantId, attempt);
      const holder = await reads.refHolder(REFERRAL_CODE_REF, code);
      if (!holder || (holder.participantId === participantId && holder.nodeId === ctx.node.id) || attempt >= 20) return code;
    }
  }

  /** A qualifying action: the referee's first one rewards the referrer (once per pair, within caps). */
  private async action(ctx: Ctx, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome> {
    const judged = (reason: string, detail: Record<string, unknown> = {}): NodeOutcome => ({ verdicts: [{ inputId: input.id, state: 'judged', accepted: false, reason, detail }], effects: [] });
    if (!ctx.config.qualifyingEventTypes.includes(input.type)) return judged('NOT_QUALIFYING');
    const tree = new ReferralTree(ctx, reads);
    const placement = await tree.placementOf(input.participantId);
    const types = ctx.config.qualifyingEventTypes;
    const earned = placement?.referrerId
      ? await reads.inputs({ types, states: ['judged'], accepted: true, detail: { referrerId: placement.referrerId } })
      : [];
    const decision = rewardFor({
      placement,
      actionAt: input.occurredAt,
      alreadyRewarded: earned.some((i) => i.participantId === input.participantId && i.id !== input.id),
      referrerRewards: earned.filter((i) => i.id !== input.id).length,
      maxPerReferrer: ctx.config.maxRewardsPerReferrer,
    });
    if (!decision.ok) return judged(decision.reason, placement?.referrerId ? { referrerId: placement.referrerId, refereeId: input.participantId } : {});
    const referrerId = decision.referrerId;
    const body = { kind: 'referral.reward', referee: placement!.code, generation: placement!.generation };
    const key = `referral.reward.${ctx.node.id}.${input.participantId}`;
    const effects: NodeEffect[] = ctx.config.prizePoolId
      ? [{ type: 'award', participantId: referrerId, sourceKey: `referral:${ctx.node.id}:${referrerId}:${input.participantId}`, poolId: ctx.config.prizePoolId, message: { key, body }, refused: { key, body } }]
      : [{ type: 'message', participantId: referrerId, key, body: { ...body, prize: null } }];
    return { verdicts: [{ inputId: input.id, state: 'judged', accepted: true, detail: { referrerId, refereeId: input.participantId, qualifiedAt: input.occurredAt.toISOString() } }], effects };
  }
}
