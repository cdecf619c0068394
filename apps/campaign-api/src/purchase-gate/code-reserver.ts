import { Occurrence } from '@lib/domain';

/** What the gate asks of the invite codes: hold this code for this participant's purchase. */
export interface ReserveRequest {
  workspaceId: string;
  campaignId: string;
  /** The shop's id for the participant (as in events). */
  participantId: string;
  code: string;
  sku: string;
  /** Client address key, for the per-address failure lockout. */
  address: string;
}

export type ReserveOutcome =
  | { ok: true; reservationId: string; reservedUntil: Date }
  /** `reason`: a stable code (CODE.TYPO, CODE.ALREADY_USED, CODE.LOCKED_OUT …). */
  | { ok: false; reason: string; message: string };

export interface CodeReserver {
  reserve(req: ReserveRequest): Promise<ReserveOutcome>;
}

export const CODE_RESERVER = Symbol('CODE_RESERVER');

/** The gate's answer, as the API returns it. */
export interface GateAnswer {
  allowed: boolean;
  /** NOT_GATED, OPEN_PURCHASE, CODE_RESERVED, CODE_REQUIRED, or the code's refusal (CODE.*). */
  reason: string;
  message: string;
  window?: { opensAt: string; closesAt: string };
  reservation?: { id: string; reservedUntil: string };
  /** When anyone may buy without a code (the next open-purchase slot), if one is set. */
  nextOpening?: { opensAt: string; closesAt: string } | null;
}

export function occurrenceView(o: Occurrence): { opensAt: string; closesAt: string } {
  return { opensAt: o.opensAt.toISOString(), closesAt: o.closesAt.toISOString() };
}
