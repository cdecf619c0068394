import { gateStep, GateRules } from './gate-decision';

const rules: GateRules = { skus: ['phone-1'], openSlots: [{ days: [2], from: '10:00', to: '22:00' }], timezone: 'Asia/Shanghai' };

describe('gateStep', () => {
  it('lets an ungated product or a campaign without a gate through', () => {
    expect(gateStep(null, 'phone-1', new Date('2026-12-02T00:00:00Z'))).toEqual({ answer: 'NOT_GATED' });
    expect(gateStep(rules, 'charger', new Date('2026-12-02T00:00:00Z'))).toEqual({ answer: 'NOT_GATED' });
  });

  it('opens to anyone inside the Tuesday slot, start inclusive and end exclusive', () => {
    expect(gateStep(rules, 'phone-1', new Date('2026-12-01T02:00:00Z'))).toEqual({
      answer: 'OPEN_PURCHASE',
      window: { opensAt: new Date('2026-12-01T02:00:00Z'), closesAt: new Date('2026-12-01T14:00:00Z') },
    });
    expect(gateStep(rules, 'phone-1', new Date('2026-12-01T14:00:00Z'))).toEqual({
      answer: 'NEEDS_CODE',
      nextOpening: { opensAt: new Date('2026-12-08T02:00:00Z'), closesAt: new Date('2026-12-08T14:00:00Z') },
    });
  });

  it('gates every product when no SKU list is set, and names no next opening without slots', () => {
    expect(gateStep({ ...rules, skus: null, openSlots: [] }, 'anything', new Date('2026-12-01T03:00:00Z'))).toEqual({ answer: 'NEEDS_CODE', nextOpening: null });
  });
});
