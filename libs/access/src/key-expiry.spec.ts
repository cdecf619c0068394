import { isExpired, resolveKeyExpiry } from './key-expiry';

describe('resolveKeyExpiry', () => {
  const now = new Date('2026-03-03T02:00:00Z');

  it('should mean "never expires" when neither field is given', () => {
    expect(resolveKeyExpiry({}, now)).toEqual({ ok: true, expiresAt: null });
  });

  it('should count expiresInDays from now', () => {
    expect(resolveKeyExpiry({ expiresInDays: 30 }, now)).toEqual({ ok: true, expiresAt: new Date('2026-04-02T02:00:00Z') });
  });

  it('should take an instant with an offset as that instant', () => {
    expect(resolveKeyExpiry({ expiresAt: '2026-03-04T10:00:00+08:00' }, now)).toEqual({ ok: true, expiresAt: new Date('2026-03-04T02:00:00Z') });
  });

  it.each([
    [{ expiresAt: '2026-03-04T10:00:00+08:00', expiresInDays: 1 }, 'not both'],
    [{ expiresInDays: 0 }, 'from 1 to 3650'],
    [{ expiresInDays: 3651 }, 'from 1 to 3650'],
    [{ expiresInDays: 1.5 }, 'from 1 to 3650'],
    [{ expiresAt: '2026-03-04T10:00:00' }, 'zone offset'],
    [{ expiresAt: '2026-02-30T10:00:00Z' }, 'not a real date-time'],
    [{ expiresAt: '2026-03-03T10:00:00+08:00' }, 'in the future'],
    [{ expiresAt: '2040-01-01T00:00:00Z' }, 'at most 3650 days'],
  ])('should refuse %j', (request, problem) => {
    const result = resolveKeyExpiry(request, now);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain(problem);
  });
});

describe('isExpired', () => {
  it('should refuse from the expiry instant on and never without one', () => {
    const at = new Date('2026-03-03T02:00:00Z');
    expect([isExpired(at, at.getTime() - 1), isExpired(at, at.getTime()), isExpired(null, Number.MAX_SAFE_INTEGER)]).toEqual([false, true, false]);
  });
});
