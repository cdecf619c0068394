import { Injectable } from '@nestjs/common';
import { ActivityState, MechanicKind } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicOutcome } from '../mechanic.interface';
import { InviteCodeConfig } from './invite-code.config';

/** The message purpose the runner sends the codes under (once per activity). */
export const INVITE_CODES_PURPOSE = 'invite-codes';

/**
 * Hands codes out: entering the node (its trigger) allocates `count` fresh codes from the pool
 * to the participant, within the pool's rules at the trigger's business time, and messages them.
 * The decision is only "allocate"; the runner carries out the `codes` effect in the activation's
 * transaction (the codes, their history and the message commit with the activity), so a retried
 * activation allocates once. A refusal by the pool's rules ends the activity with its reason.
 */
@Injectable()
export class InviteCodeMechanic implements MechanicHandler<InviteCodeConfig> {
  readonly kind = MechanicKind.InviteCode;
  readonly configClass = InviteCodeConfig;
  readonly configVersion = 1;
  readonly inputs = [] as const;

  activate(ctx: MechanicContext<InviteCodeConfig>): MechanicOutcome {
    if (ctx.activity.state !== ActivityState.Pending) return { state: ctx.activity.state, result: ctx.activity.result, effects: [] };
    const { poolId, count } = ctx.config;
    return {
      state: ActivityState.Completed,
      result: { poolId, count },
      effects: [{ type: 'codes', poolId, count, purpose: INVITE_CODES_PURPOSE, at: ctx.activity.triggeredAt }],
    };
  }

  expire(): MechanicOutcome | null {
    return null;
  }
}
