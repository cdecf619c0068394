import { TtlLru } from './ttl-lru';

describe('TtlLru', () => {
  let clock = 0;
  const make = (max: number, ttl: number) => new TtlLru<string, number>(max, ttl, () => clock);
  beforeEach(() => (clock = 1_000));

  it('should return a value until its TTL has passed, then forget it', () => {
    const lru = make(10, 100);
    lru.set('a', 1);
    clock += 99;
    expect(lru.get('a')).toBe(1);
    clock += 1;
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('should evict the least recently used entry when full', () => {
    const lru = make(2, 1_000);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now fresher than b
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });

  it('should restart the TTL and drop an entry when set again or deleted', () => {
    const lru = make(10, 100);
    lru.set('a', 1);
    clock += 80;
    lru.set('a', 2);
    clock += 80;
    expect(lru.get('a')).toBe(2);
    lru.delete('a');
    expect(lru.get('a')).toBeUndefined();
  });

  it('should never hold more than its bound under a flood of distinct keys', () => {
    const lru = make(100, 1_000);
    for (let i = 0; i < 10_000; i++) lru.set(`k${i}`, i);
    expect(lru.size).toBe(100);
    expect(lru.get('k9999')).toBe(9999);
    expect(lru.get('k0')).toBeUndefined();
  });
});
