import { Injectable } from '@nestjs/common';
import { CodeReservations } from '@lib/codes';
import { CodeRefusal } from '@lib/domain';
import { CodeCaller, CodeLockout } from '../codes/code-lockout';

export type GateHold = { ok: true; reservationId: string; reservedUntil: Date } | { ok: false; reason: CodeRefusal };

/**
 * The gate's use of a code: the same lockout as redemption (a locked-out buyer or address gets
 * 429 CODE.LOCKED_OUT before the code is looked up), then a reservation for this purchase,
 * every attempt in the attempt log. A guess (UNKNOWN, NOT_YOURS) counts towards the lockout.
 */
@Injectable()
export class GateCodes {
  constructor(
    private readonly reservations: CodeReservations,
    private readonly lockout: CodeLockout,
  ) {}

  async hold(c: CodeCaller, req: { participantId: string; code: string; sku: string }): Promise<GateHold> {
    const keys = CodeLockout.keys(c, req.participantId);
    await this.lockout.guard(c, keys, 'reserve', req.participantId);
    const held = await this.reservations.reserve({ ...req, workspaceId: c.workspaceId, campaignId: c.campaignId, address: c.address });
    await this.lockout.record(keys, held.ok ? 'RESERVED' : held.reason);
    return held.ok ? { ok: true, reservationId: held.reservationId, reservedUntil: held.reservedUntil } : { ok: false, reason: held.reason };
  }
}
