import { ReentryRule, reentryKey } from './reentry';

describe('reentryKey', () => {
  it('should be constant when the rule is once', () => {
    // Act
    const keys = [reentryKey(ReentryRule.Once, 'a', 'e1'), reentryKey(ReentryRule.Once, 'b', 'e2')];
    // Assert
    expect(keys).toEqual(['once', 'once']);
  });

  it('should follow the window occurrence when the rule is once per window', () => {
    expect(reentryKey(ReentryRule.OncePerWindow, '2026-03-03T02:00:00.000Z', 'e1')).toBe('window:2026-03-03T02:00:00.000Z');
    expect(reentryKey(ReentryRule.OncePerWindow, '2026-03-03T02:00:00.000Z', 'e2')).toBe(
      reentryKey(ReentryRule.OncePerWindow, '2026-03-03T02:00:00.000Z', 'e1'),
    );
    expect(reentryKey(ReentryRule.OncePerWindow, '2026-03-10T02:00:00.000Z', 'e1')).not.toBe(
      reentryKey(ReentryRule.OncePerWindow, '2026-03-03T02:00:00.000Z', 'e1'),
    );
  });

  it('should follow the event when the rule is every time', () => {
    expect(reentryKey(ReentryRule.EveryTime, 'window', 'e1')).toBe('event:e1');
    expect(reentryKey(ReentryRule.EveryTime, 'window', 'e2')).toBe('event:e2');
  });

  it('should never collide across rules when the inputs are the same', () => {
    const keys = Object.values(ReentryRule).map((rule) => reentryKey(rule, 'x', 'x'));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
