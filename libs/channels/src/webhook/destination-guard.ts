import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError, ErrorCodes } from '@lib/domain';

// Never reachable by a webhook: link-local (cloud metadata), "this network", multicast.
const ALWAYS_BLOCKED = new BlockList();
ALWAYS_BLOCKED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_BLOCKED.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS_BLOCKED.addSubnet('224.0.0.0', 4, 'ipv4');
ALWAYS_BLOCKED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_BLOCKED.addSubnet('ff00::', 8, 'ipv6');

// Private and loopback ranges: allowed only when the operator says so (on-premise receivers).
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

/**
 * Refuses webhook URLs that resolve to addresses a marketer should not be able to make the
 * worker call (server-side request forgery). Throws a DomainError: retrying will not help.
 */
export async function assertPublicDestination(url: string, allowPrivate: boolean): Promise<void> {
  const { hostname } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const { address, family } of addresses) {
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (ALWAYS_BLOCKED.check(address, type) || (!allowPrivate && PRIVATE.check(address, type))) {
      throw new DomainError(ErrorCodes.WEBHOOK_BLOCKED_DESTINATION, `webhook destination ${hostname} resolves to a blocked address`, 'validation');
    }
  }
}
