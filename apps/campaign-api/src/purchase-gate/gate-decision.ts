import { Occurrence, weeklyOpening, WeeklySlot } from '@lib/domain';

export interface GateRules {
  /** Gated products; null: all of the campaign's. */
  skus: string[] | null;
  openSlots: WeeklySlot[];
  timezone: string;
}

/** What the gate decides before any code is looked at. */
export type GateStep =
  | { answer: 'NOT_GATED' }
  | { answer: 'OPEN_PURCHASE'; window: Occurrence }
  /** A code is needed now; `nextOpening` is when anyone may buy without one. */
  | { answer: 'NEEDS_CODE'; nextOpening: Occurrence | null };

/**
 * The code-free half of "may this participant buy this product now?": an ungated product
 * always, anyone inside an open-purchase slot, else only with a code. Inside a slot no code is
 * taken, so a code holder keeps theirs for a week when the shop is shut.
 */
export function gateStep(rules: GateRules | null, sku: string, now: Date): GateStep {
  if (!rules || (rules.skus !== null && !rules.skus.includes(sku))) return { answer: 'NOT_GATED' };
  const opening = weeklyOpening(rules.openSlots, now, rules.timezone);
  if (opening.open) return { answer: 'OPEN_PURCHASE', window: { opensAt: opening.opensAt, closesAt: opening.closesAt } };
  return { answer: 'NEEDS_CODE', nextOpening: opening.next };
}
