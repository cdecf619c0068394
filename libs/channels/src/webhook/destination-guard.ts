import { isIP } from 'node:net';
import { DomainError, ErrorCodes, withTimeout } from '@lib/domain';
import { isAllowedAddress } from './address-policy';
import { HostResolver, ResolvedAddress, UnresolvableHostError, systemResolver } from './host-resolver';

export interface DestinationPolicy {
  allowPrivate: boolean;
  resolver?: HostResolver;
  /** Bound on the DNS lookup. */
  timeoutMs?: number;
}

/** A webhook URL whose host was resolved once and every address checked. */
export interface CheckedDestination {
  url: URL;
  /** The host without IPv6 brackets, as TLS and the Host header need it. */
  hostname: string;
  addresses: ResolvedAddress[];
}

const blocked = (host: string, why: string) =>
  new DomainError(ErrorCodes.WEBHOOK_BLOCKED_DESTINATION, `webhook destination ${host} ${why}`, 'validation');

async function resolve(hostname: string, resolver: HostResolver, timeoutMs: number): Promise<ResolvedAddress[]> {
  try {
    const answer = await withTimeout(resolver(hostname), timeoutMs, () => new UnresolvableHostError(hostname, `no answer within ${timeoutMs} ms`));
    if (answer.length === 0) throw new UnresolvableHostError(hostname, 'no addresses');
    return answer;
  } catch (err) {
    if (err instanceof UnresolvableHostError) throw err;
    throw new UnresolvableHostError(hostname, (err as { code?: string }).code ?? (err as Error).message);
  }
}

/**
 * Refuses webhook URLs a marketer should not be able to make the worker call (server-side
 * request forgery): any address the host resolves to must be allowed (see address-policy).
 * The WHATWG URL parser has already turned numeric spellings (2130706433, 0x7f.1) into
 * dotted quads. Throws a DomainError when blocked (retrying will not help) and an
 * UnresolvableHostError when DNS fails.
 */
export async function resolveDestination(rawUrl: string, policy: DestinationPolicy): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw blocked('(unparsable URL)', 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw blocked(url.protocol, 'is not http or https');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(hostname);
  const addresses = literal
    ? [{ address: hostname, family: literal as 4 | 6 }]
    : await resolve(hostname, policy.resolver ?? systemResolver, policy.timeoutMs ?? 5_000);
  if (!addresses.every((a) => isAllowedAddress(a.address, policy.allowPrivate))) {
    throw blocked(hostname, policy.allowPrivate ? 'resolves to a blocked address' : 'resolves to a private or blocked address');
  }
  return { url, hostname, addresses };
}

/** The settings-time check: refuses a blocked destination and an unresolvable host alike (400). */
export async function assertWebhookDestination(rawUrl: string, policy: DestinationPolicy): Promise<void> {
  try {
    await resolveDestination(rawUrl, policy);
  } catch (err) {
    if (!(err instanceof UnresolvableHostError)) throw err;
    throw new DomainError(ErrorCodes.WEBHOOK_UNRESOLVABLE_DESTINATION, `${err.message}; check the host name`, 'validation');
  }
}
