import { Occurrence } from '@lib/domain';

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
