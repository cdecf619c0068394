import { Occurrence, OpeningState, weeklyOpening, WeeklySlot } from '@lib/domain';

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
export function gateStep(rules: GateRules | null, sku: string, now: Date, openingAt: (now: Date) => OpeningState = (at) => openingOf(rules!, at)): GateStep {
  if (!rules || (rules.skus !== null && !rules.skus.includes(sku))) return { answer: 'NOT_GATED' };
  const opening = openingAt(now);
  if (opening.open) return { answer: 'OPEN_PURCHASE', window: { opensAt: opening.opensAt, closesAt: opening.closesAt } };
  return { answer: 'NEEDS_CODE', nextOpening: opening.next };
}

function openingOf(rules: GateRules, at: Date): OpeningState {
  return weeklyOpening(rules.openSlots, at, rules.timezone);
}

/**
 * The opening state of one gate, worked out once per occurrence instead of once per check (the
 * checkout path): an open slot stays open until it closes, a shut gate stays shut until the
 * next opening. Outside that span (or for a clock that went back) it is worked out again.
 */
export class OpeningMemo {
  private state: OpeningState | null = null;
  private from = 0;
  private until = 0;

  constructor(private readonly rules: GateRules) {}

  at(now: Date): OpeningState {
    const t = now.getTime();
    if (this.state === null || t < this.from || t >= this.until) {
      this.state = openingOf(this.rules, now);
      this.from = this.state.open ? this.state.opensAt.getTime() : t;
      this.until = this.state.open ? this.state.closesAt.getTime() : (this.state.next?.opensAt.getTime() ?? Number.POSITIVE_INFINITY);
    }
    return this.state;
  }
}
