import ipaddr from 'ipaddr.js';

/**
 * `public`: global unicast, always allowed. `private`: RFC 1918, loopback, unique-local and
 * carrier-grade NAT, allowed only with WEBHOOK_ALLOW_PRIVATE_TARGETS. `blocked`: everything
 * else (link-local and cloud metadata, multicast, unspecified, broadcast, reserved and
 * documentation ranges, and the IPv6 transition prefixes NAT64/6to4/Teredo that can tunnel
 * to an IPv4 address we would refuse).
 */
export type AddressClass = 'public' | 'private' | 'blocked';

const PRIVATE_V4 = new Set(['private', 'loopback', 'carrierGradeNat']);
const PRIVATE_V6 = new Set(['loopback', 'uniqueLocal']);
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Classifies one IP address (v4 or v6, no brackets); anything unparsable is blocked. */
export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return 'blocked';
  let ip = ipaddr.parse(address);
  // ::ffff:127.0.0.1 reaches 127.0.0.1: judge it as the IPv4 address it maps.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (ip.kind() === 'ipv4') {
    if (range === 'unicast') return 'public';
    return PRIVATE_V4.has(range) ? 'private' : 'blocked';
  }
  if (PRIVATE_V6.has(range)) return 'private';
  // ipaddr names only special ranges; "unicast" outside 2000::/3 is unassigned space.
  return range === 'unicast' && ip.match(GLOBAL_UNICAST_V6) ? 'public' : 'blocked';
}

export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  const cls = classifyAddress(address);
  return cls === 'public' || (cls === 'private' && allowPrivate);
}
