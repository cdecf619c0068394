import { DomainError } from '@lib/domain';
import { evaluatePromotion, isInactive, PromotionRule, tenureDays, validatePromotionRule } from './promotion-rule';
import { nextOpening, seatsOpenAt, validatePhases } from './seats';

const rule = (over: Partial<Extract<PromotionRule, { mode: 'rule' }>> = {}): PromotionRule => ({
  mode: 'rule', match: 'all', minPoints: null, minSpreadScore: null, minTenureDays: null, ...over,
});
const at = (iso: string) => new Date(iso);

describe('evaluatePromotion', () => {
  it('should promote under "all" only when every set criterion holds, naming the first of points, spread, tenure', () => {
    const r = rule({ minPoints: 3, minTenureDays: 14 });
    expect(evaluatePromotion(r, { points: 3, spreadScore: 0, tenureDays: 14 })).toBe('PROMOTED_POINTS');
    expect(evaluatePromotion(r, { points: 2, spreadScore: 99, tenureDays: 30 })).toBeNull();
    expect(evaluatePromotion(r, { points: 9, spreadScore: 0, tenureDays: 13.99 })).toBeNull();
    expect(evaluatePromotion(rule({ minTenureDays: 7 }), { points: 0, spreadScore: 0, tenureDays: 7 })).toBe('PROMOTED_TENURE');
  });

  it('should promote under "any" on the first criterion met', () => {
    const r = rule({ match: 'any', minPoints: 5, minSpreadScore: 2.5, minTenureDays: 30 });
    expect(evaluatePromotion(r, { points: 1, spreadScore: 2.5, tenureDays: 1 })).toBe('PROMOTED_SPREAD');
    expect(evaluatePromotion(r, { points: 5, spreadScore: 2.5, tenureDays: 1 })).toBe('PROMOTED_POINTS');
    expect(evaluatePromotion(r, { points: 0, spreadScore: 0, tenureDays: 31 })).toBe('PROMOTED_TENURE');
    expect(evaluatePromotion(r, { points: 4, spreadScore: 2.49, tenureDays: 29 })).toBeNull();
  });

  it('should never promote by a marketer-only rule, no rule, or a rule without criteria', () => {
    const s = { points: 1e6, spreadScore: 1e6, tenureDays: 1e4 };
    expect(evaluatePromotion({ mode: 'marketer' }, s)).toBeNull();
    expect(evaluatePromotion(null, s)).toBeNull();
    expect(evaluatePromotion(rule(), s)).toBeNull();
  });

  it('should refuse a rule with no criterion or numbers out of range, with CIRCLE.INVALID_RULE', () => {
    const code = (r: PromotionRule) => {
      try {
        validatePromotionRule(r);
        return 'accepted';
      } catch (err) {
        return (err as DomainError).code;
      }
    };
    expect(code(rule())).toBe('CIRCLE.INVALID_RULE');
    expect(code(rule({ minPoints: -1 }))).toBe('CIRCLE.INVALID_RULE');
    expect(code(rule({ minPoints: 1.5 }))).toBe('CIRCLE.INVALID_RULE');
    expect(code(rule({ minTenureDays: Number.NaN }))).toBe('CIRCLE.INVALID_RULE');
    expect(code(rule({ minSpreadScore: 0.5 }))).toBe('accepted');
    expect(code({ mode: 'marketer' })).toBe('accepted');
  });
});

describe('tenure and inactivity (business time)', () => {
  it('should count tenure in 24-hour days from entering the ring', () => {
    expect(tenureDays(at('2026-03-01T00:00:00Z'), at('2026-03-15T12:00:00Z'))).toBe(14.5);
  });

  it('should count silence from the later of the last event and joining, the boundary inclusive', () => {
    const since = at('2026-03-01T00:00:00Z');
    expect(isInactive(30, since, null, at('2026-03-31T00:00:00Z'))).toBe(true);
    expect(isInactive(30, since, null, at('2026-03-30T23:59:59Z'))).toBe(false);
    expect(isInactive(30, since, at('2026-03-10T00:00:00Z'), at('2026-04-08T00:00:00Z'))).toBe(false);
    expect(isInactive(30, since, at('2026-03-10T00:00:00Z'), at('2026-04-09T00:00:00Z'))).toBe(true);
    // An event from before they joined does not make a new member inactive.
    expect(isInactive(30, since, at('2025-01-01T00:00:00Z'), at('2026-03-15T00:00:00Z'))).toBe(false);
    expect(isInactive(null, since, null, at('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('seats', () => {
  const phases = validatePhases([
    { opensAt: at('2026-04-01T00:00:00Z'), seats: 500 },
    { opensAt: at('2026-03-01T00:00:00Z'), seats: 100 },
  ]);

  it('should open each phase at its instant (start inclusive) and add its seats', () => {
    expect(seatsOpenAt(phases, at('2026-02-28T23:59:59Z'))).toBe(0);
    expect(seatsOpenAt(phases, at('2026-03-01T00:00:00Z'))).toBe(100);
    expect(seatsOpenAt(phases, at('2026-04-01T00:00:00Z'))).toBe(600);
    expect(seatsOpenAt([], at('2026-04-01T00:00:00Z'))).toBeNull();
    expect(nextOpening(phases, at('2026-03-01T00:00:00Z'))).toEqual(at('2026-04-01T00:00:00Z'));
    expect(nextOpening(phases, at('2026-04-01T00:00:00Z'))).toBeNull();
  });

  it('should refuse two phases at one instant and bad seat counts', () => {
    const t = at('2026-03-01T00:00:00Z');
    expect(() => validatePhases([{ opensAt: t, seats: 1 }, { opensAt: new Date(t), seats: 2 }])).toThrow(/two phases/);
    expect(() => validatePhases([{ opensAt: t, seats: -1 }])).toThrow(/seats/);
    expect(() => validatePhases([{ opensAt: t, seats: 1.5 }])).toThrow(/seats/);
  });
});
