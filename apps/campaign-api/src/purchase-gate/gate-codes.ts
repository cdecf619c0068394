import { Injectable } from '@nestjs/common';
import { AttemptLog, CodeReservations } from '@lib/codes';
import { CodeErrors, CodeRefusal } from '@lib/domain';
import { CodeLockout } from '../codes/code-lockout';

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
    private readonly attempts: AttemptLog,
    private readonly lockout: CodeLockout,
  ) {}

  async hold(req: { workspaceId: string; campaignId: string; participantId: string; code: string; sku: string; address: string }): Promise<GateHold> {
    const keys = CodeLockout.keys(req.workspaceId, req.campaignId, req.participantId, req.address);
    try {
      await this.lockout.assertAllowed(keys);
    } catch (err) {
      const { workspaceId, campaignId, participantId, address } = req;
      this.attempts.note({ workspaceId, campaignId, action: 'reserve', participantId, address, hashPrefix: null, outcome: CodeErrors.LOCKED_OUT, at: new Date() });
      throw err;
    }
    const held = await this.reservations.reserve(req);
    await this.lockout.record(keys, held.ok ? 'RESERVED' : held.reason);
    return held.ok ? { ok: true, reservationId: held.reservationId, reservedUntil: held.reservedUntil } : { ok: false, reason: held.reason };
  }
}
