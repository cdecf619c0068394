import { DomainError } from '@lib/domain';
import { StoredPromotionRule } from '@lib/persistence';
import { CircleErrors, MAX_RULE_DAYS, MAX_RULE_POINTS, MoveReason } from './circle-codes';

export type PromotionRule = StoredPromotionRule;
export type PromotionReason = Extract<MoveReason, 'PROMOTED_POINTS' | 'PROMOTED_SPREAD' | 'PROMOTED_TENURE'>;

/** What a member earned while in their current ring, at the pass's business time. */
export interface MemberStanding {
  /** Completed activities since they entered the ring. */
  points: number;
  /** Sum of their counted spread weights since they entered the ring. */
  spreadScore: number;
  /** Whole and partial days in the ring. */
  tenureDays: number;
}

const DAY_MS = 86_400_000;

export function tenureDays(since: Date, asOf: Date): number {
  return (asOf.getTime() - since.getTime()) / DAY_MS;
}

/**
 * Whether a member of the next outer ring qualifies for this ring, and the reason recorded:
 * the first criterion in the order points, spread, tenure that the rule sets and the member
 * meets. `all`: every set criterion must hold; `any`: one is enough. `marketer`: never.
 */
export function evaluatePromotion(rule: PromotionRule | null, s: MemberStanding): PromotionReason | null {
  if (!rule || rule.mode !== 'rule') return null;
  const checks: [PromotionReason, number | null, number][] = [
    ['PROMOTED_POINTS', rule.minPoints, s.points],
    ['PROMOTED_SPREAD', rule.minSpreadScore, s.spreadScore],
    ['PROMOTED_TENURE', rule.minTenureDays, s.tenureDays],
  ];
  const set = checks.filter(([, min]) => min !== null);
  const met = set.filter(([, min, value]) => value >= (min as number));
  if (set.length === 0 || met.length === 0) return null;
  if (rule.match === 'all' && met.length < set.length) return null;
  return met[0][0];
}

/** Checks a rule from the API: every number bounded, at least one criterion for `rule`. */
export function validatePromotionRule(rule: PromotionRule | null): PromotionRule | null {
  if (rule === null || rule.mode === 'marketer') return rule;
  const bad = (msg: string) => new DomainError(CircleErrors.INVALID_RULE, msg, 'validation');
  const bounded = (v: number | null, max: number, integer: boolean) => v === null || (Number.isFinite(v) && v >= 0 && v <= max && (!integer || Number.isInteger(v)));
  if (!bounded(rule.minPoints, MAX_RULE_POINTS, true)) throw bad(`minPoints must be an integer from 0 to ${MAX_RULE_POINTS}`);
  if (!bounded(rule.minSpreadScore, MAX_RULE_POINTS, false)) throw bad(`minSpreadScore must be from 0 to ${MAX_RULE_POINTS}`);
  if (!bounded(rule.minTenureDays, MAX_RULE_DAYS, false)) throw bad(`minTenureDays must be from 0 to ${MAX_RULE_DAYS}`);
  if (rule.minPoints === null && rule.minSpreadScore === null && rule.minTenureDays === null) {
    throw bad('a promotion rule needs at least one of minPoints, minSpreadScore, minTenureDays (or mode "marketer")');
  }
  return { mode: 'rule', match: rule.match, minPoints: rule.minPoints, minSpreadScore: rule.minSpreadScore, minTenureDays: rule.minTenureDays };
}

/**
 * Inactive: no event (business time) for `days` since the later of their last event and
 * their entry into the ring, so a new member is never pruned for the silence before they joined.
 */
export function isInactive(days: number | null, since: Date, lastEventAt: Date | null, asOf: Date): boolean {
  if (days === null) return false;
  const from = lastEventAt && lastEventAt > since ? lastEventAt : since;
  return asOf.getTime() - from.getTime() >= days * DAY_MS;
}
