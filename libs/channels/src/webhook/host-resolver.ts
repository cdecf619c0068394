import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has. Injected so tests can play a rebinding DNS. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** DNS gave no usable answer: possibly transient, so a send retries; a settings write refuses it. */
export class UnresolvableHostError extends Error {
  constructor(
    readonly hostname: string,
    reason: string,
  ) {
    super(`webhook host ${hostname} did not resolve (${reason})`);
    this.name = 'UnresolvableHostError';
  }
}
