import { AddressClass, classifyAddress, isAllowedAddress } from './address-policy';

const TABLE: [string, AddressClass][] = [
  // global unicast
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['::ffff:8.8.8.8', 'public'],
  // private, loopback, unique-local, carrier-grade NAT
  ['127.0.0.1', 'private'],
  ['127.255.255.254', 'private'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.0.10', 'private'],
  ['100.64.0.1', 'private'],
  ['100.127.255.254', 'private'],
  ['::1', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  // IPv4-mapped IPv6 is judged as the IPv4 address it maps
  ['::ffff:127.0.0.1', 'private'],
  ['::ffff:7f00:1', 'private'],
  ['0:0:0:0:0:ffff:a00:1', 'private'],
  ['::ffff:169.254.169.254', 'blocked'],
  ['::ffff:0.0.0.0', 'blocked'],
  // never
  ['0.0.0.0', 'blocked'],
  ['0.1.2.3', 'blocked'],
  ['169.254.169.254', 'blocked'],
  ['169.254.0.1', 'blocked'],
  ['224.0.0.1', 'blocked'],
  ['239.255.255.250', 'blocked'],
  ['255.255.255.255', 'blocked'],
  ['240.0.0.1', 'blocked'],
  ['198.18.0.1', 'blocked'],
  ['198.19.255.255', 'blocked'],
  ['192.0.0.1', 'blocked'],
  ['192.0.2.1', 'blocked'],
  ['198.51.100.1', 'blocked'],
  ['203.0.113.7', 'blocked'],
  ['192.88.99.1', 'blocked'],
  ['::', 'blocked'],
  ['fe80::1', 'blocked'],
  ['ff02::1', 'blocked'],
  ['fec0::1', 'blocked'],
  ['100::1', 'blocked'],
  ['::7f00:1', 'blocked'], // IPv4-compatible (deprecated), outside 2000::/3
  ['4000::1', 'blocked'], // unassigned
  ['64:ff9b::7f00:1', 'blocked'], // NAT64 of 127.0.0.1
  ['64:ff9b::808:808', 'blocked'], // NAT64 of a public address: still a translator
  ['64:ff9b:1::1', 'blocked'],
  ['2002:7f00:1::1', 'blocked'], // 6to4
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'blocked'], // Teredo
  ['2001:db8::1', 'blocked'], // documentation
  ['not-an-ip', 'blocked'],
  ['', 'blocked'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('should classify %s as %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('isAllowedAddress', () => {
  it.each(TABLE)('should allow %s (%s) only as its class permits, with and without private targets', (address, cls) => {
    expect([isAllowedAddress(address, false), isAllowedAddress(address, true)]).toEqual([cls === 'public', cls !== 'blocked']);
  });
});
