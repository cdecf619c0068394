import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('should keep IPv4 and unwrap IPv4-mapped IPv6', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('should put every IPv6 address of one /64 under one key', () => {
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(clientAddressKey('2001:db8:1:2::1'));
  });

  it('should fall back to one shared key when there is no usable address', () => {
    expect([clientAddressKey(undefined), clientAddressKey('not an ip')]).toEqual(['unknown', 'unknown']);
  });
});
