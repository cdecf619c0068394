import { ClientRequest, IncomingMessage, OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupFunction } from 'node:net';
import { CheckedDestination } from './destination-guard';

/**
 * A socket `lookup` that never asks DNS again: it answers with the addresses that were
 * checked, so a second, different answer (DNS rebinding) cannot redirect the connection.
 */
export function pinnedLookup(destination: CheckedDestination): LookupFunction {
  return (hostname, options, callback) => {
    const notFound = (why: string) => Object.assign(new Error(why), { code: 'ENOTFOUND' });
    const wanted = options.family === 4 || options.family === 6 ? destination.addresses.filter((a) => a.family === options.family) : destination.addresses;
    // Answer asynchronously, as dns.lookup does, so the socket's 'lookup' event is observable.
    setImmediate(() => {
      if (hostname !== destination.hostname) callback(notFound(`unexpected lookup of ${hostname}`), '', 0);
      else if (wanted.length === 0) callback(notFound(`no checked IPv${options.family} address for ${hostname}`), '', 0);
      else if (options.all) callback(null, wanted.map((a) => ({ address: a.address, family: a.family })));
      else callback(null, wanted[0].address, wanted[0].family);
    });
  };
}

export interface PinnedPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * A request to a checked destination over node:http(s) that connects only to its checked
 * addresses (TLS still verifies the host name) and never reuses a pooled socket. The one way
 * Canyu reaches an outside host: webhooks POST through it, the media fetcher GETs.
 */
export function pinnedRequest(
  destination: CheckedDestination,
  options: { method: string; headers: OutgoingHttpHeaders; signal: AbortSignal },
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  const { url } = destination;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return request(
    {
      protocol: url.protocol,
      hostname: destination.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers: options.headers,
      lookup: pinnedLookup(destination),
      agent: false, // no pooled socket outlives the check it was made under
      signal: options.signal,
    },
    onResponse,
  );
}

/**
 * POSTs to a checked destination over node:http(s), connecting only to its checked addresses.
 * TLS still verifies the certificate against the host name; redirects are not followed (a 3xx
 * is just a status). Resolves with the status code; rejects on a network error or timeout.
 */
export function postPinned(destination: CheckedDestination, post: PinnedPost): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) };
    const req = pinnedRequest(destination, { method: 'POST', headers, signal: AbortSignal.timeout(post.timeoutMs) }, (res) => {
      res.resume(); // the answer's body is not needed; drain it so the socket closes
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', (err) => reject(new Error(`webhook POST to ${destination.hostname} failed: ${err.name === 'AbortError' ? `timed out after ${post.timeoutMs} ms` : err.message}`)));
    req.end(post.body);
  });
}
