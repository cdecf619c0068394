import ipaddr from 'ipaddr.js';

/** What express's 'trust proxy' setting takes: off, all, a hop count, or addresses/ranges. */
export type TrustProxySetting = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(item: string): boolean {
  if (NAMED_RANGES.has(item)) return true;
  if (item.includes('/')) {
    try {
      ipaddr.parseCIDR(item);
      return true;
    } catch {
      return false;
    }
  }
  return ipaddr.isValid(item);
}

/**
 * Parses TRUST_PROXY: `false` (default: the socket address is the client), `true` (trust every
 * proxy: only behind a load balancer that overwrites X-Forwarded-For), a hop count, or a comma
 * list of proxy addresses, CIDR ranges and express's names (loopback, linklocal, uniquelocal).
 * Returns null when the value is none of these.
 */
export function parseTrustProxy(raw: string): TrustProxySetting | null {
  const value = raw.trim();
  if (value === 'false' || value === '') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const items = value.split(',').map((s) => s.trim());
  return items.every(isAddressOrRange) ? items : null;
}
