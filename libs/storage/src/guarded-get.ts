import { IncomingMessage } from 'node:http';
import { CheckedDestination, HostResolver, pinnedRequest, resolveDestination, UnresolvableHostError } from '@lib/channels';
import { MediaFetchFailed, MediaNotFound, MediaTooLarge, MediaUrlForbidden } from './media-errors';

export interface GuardPolicy {
  /** Plain http:// besides https:// (tests). */
  allowHttp: boolean;
  /** Private and loopback addresses (tests, an on-premise host); link-local and metadata never. */
  allowPrivate: boolean;
  maxRedirects: number;
  /** Injected by tests to play DNS; the system resolver otherwise. */
  resolver?: HostResolver;
  /** Bound on each host's DNS lookup. */
  dnsTimeoutMs?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * GETs a media URL with the webhook sender's SSRF guard (libs/channels): every hop's host is
 * resolved once, each address checked, and the socket pinned to the checked addresses, so
 * neither a redirect nor a second DNS answer can reach an address the policy refuses.
 * Resolves with a 2xx response whose declared length fits; the caller streams and counts it.
 */
export async function guardedGet(rawUrl: string, policy: GuardPolicy, maxBytes: number, signal: AbortSignal): Promise<IncomingMessage> {
  let url = rawUrl;
  for (let hop = 0; ; hop++) {
    const res = await getOnce(await check(url, policy), signal);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      res.resume();
      const location = res.headers.location;
      if (!location) throw new MediaFetchFailed(`media URL answered ${status} without a Location`, false);
      if (hop >= policy.maxRedirects) throw new MediaFetchFailed(`media URL redirected more than ${policy.maxRedirects} times`, false);
      url = new URL(location, url).toString(); // checked again at the top of the loop
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      if (status === 404 || status === 410) throw new MediaNotFound(`media URL (HTTP ${status})`);
      throw new MediaFetchFailed(`media URL answered HTTP ${status}`, RETRYABLE_STATUS(status));
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      throw new MediaTooLarge(maxBytes);
    }
    return res;
  }
}

async function check(rawUrl: string, policy: GuardPolicy): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new MediaUrlForbidden('media reference is neither media:<id> nor a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new MediaUrlForbidden(`media URLs must be https (got ${url.protocol.slice(0, 20)})`);
  }
  if (url.username || url.password) throw new MediaUrlForbidden('media URLs may not carry credentials');
  try {
    return await resolveDestination(url.toString(), { allowPrivate: policy.allowPrivate, resolver: policy.resolver, timeoutMs: policy.dnsTimeoutMs });
  } catch (err) {
    if (err instanceof UnresolvableHostError) throw new MediaFetchFailed(`media host ${url.hostname} did not resolve`, true);
    throw new MediaUrlForbidden(`media host ${url.hostname} resolves to an address that may not be fetched`);
  }
}

function getOnce(destination: CheckedDestination, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { accept: 'audio/*, */*;q=0.1', 'accept-encoding': 'identity', 'user-agent': 'canyu-media-fetcher' };
    const req = pinnedRequest(destination, { method: 'GET', headers, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}
