import { Readable } from 'node:stream';

/** The upload's own stream failed (it ended early, its framing broke): the client's doing, a 400. */
export class ClientStreamError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the upload stream failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'ClientStreamError';
  }
}

/**
 * Reads the first `n` bytes of a stream (fewer if it is shorter) and gives back a stream of
 * the whole, those bytes included, so a clip's type is known before anything is stored. A
 * failure of the source surfaces as ClientStreamError, telling it apart from the store's own.
 */
export async function peek(source: Readable, n: number): Promise<{ head: Buffer; body: Readable }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const next = async () => {
    try {
      return await it.next();
    } catch (err) {
      throw new ClientStreamError(err);
    }
  };
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const r = await next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      while (!done) {
        const r = await next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.(); // a consumer that stops early releases the source
    }
  }
  return { head: head.subarray(0, n), body: Readable.from(whole(), { objectMode: false }) };
}
