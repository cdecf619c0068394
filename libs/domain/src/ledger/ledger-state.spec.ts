import { DomainError } from '../errors/domain-error';
import { LEDGER_STATES, LedgerState, planLedgerMove } from './ledger-state';

describe('planLedgerMove', () => {
  it('should move a reservation into committed spend when committed', () => {
    expect(planLedgerMove('reserved', 'committed')).toEqual({ reserved: -1, committed: 1 });
  });

  it('should give back what a reservation held when released or clawed back', () => {
    expect(planLedgerMove('reserved', 'released')).toEqual({ reserved: -1, committed: 0 });
    expect(planLedgerMove('reserved', 'clawed_back')).toEqual({ reserved: -1, committed: 0 });
  });

  it('should give back committed spend when a committed entry is clawed back', () => {
    expect(planLedgerMove('committed', 'clawed_back')).toEqual({ reserved: 0, committed: -1 });
  });

  it('should be a no-op when the entry is already in the target state', () => {
    for (const s of LEDGER_STATES) expect(planLedgerMove(s, s)).toBeNull();
  });

  it.each<[LedgerState, LedgerState]>([
    ['committed', 'released'],
    ['committed', 'reserved'],
    ['released', 'committed'],
    ['released', 'clawed_back'],
    ['clawed_back', 'committed'],
    ['clawed_back', 'released'],
  ])('should refuse %s → %s with LEDGER.ILLEGAL_TRANSITION', (from, to) => {
    expect(() => planLedgerMove(from, to)).toThrow(DomainError);
    try {
      planLedgerMove(from, to);
    } catch (err) {
      expect(err).toMatchObject({ code: 'LEDGER.ILLEGAL_TRANSITION', category: 'conflict', details: { from, to } });
    }
  });
});
