import ipaddr from 'ipaddr.js';

/**
 * The key a client address is limited under: IPv4 as is (also when IPv4-mapped), IPv6 by its
 * /64, since one host usually holds a whole /64 and could otherwise rotate addresses freely.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
