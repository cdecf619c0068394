import { randomUUID } from 'node:crypto';
import { readFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HostResolver } from '@lib/channels';
import { LocalDirectoryStore } from './local-directory.store';
import { MediaError, MediaErrorCode } from './media-errors';
import { FetchOptions, MediaFetcher, MediaFetchPolicy } from './media-fetcher';

const WS = randomUUID();
const CLIP = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7) & 0xff));
const OPTS: FetchOptions = { maxBytes: 100_000, timeoutMs: 2_000 };

let server: Server;
let base = '';
let port = 0;
let storeRoot = '';
let store: LocalDirectoryStore;
const hits: string[] = [];

/** The test server's routes: what a hostile or broken media host can answer. */
function route(path: string, res: ServerResponse): void {
  const [, what, arg] = path.split('/');
  if (what === 'clip') res.writeHead(200, { 'content-type': 'audio/wav' }).end(CLIP);
  else if (what === 'big-declared') res.writeHead(200, { 'content-length': '200000' }).end(Buffer.alloc(200_000));
  else if (what === 'big-chunked') {
    res.writeHead(200); // no length: only counting while streaming can stop it
    let sent = 0;
    const push = () => {
      while (sent < 500_000 && res.write(Buffer.alloc(10_000))) sent += 10_000;
      if (sent < 500_000) res.once('drain', push);
      else res.end();
    };
    push();
  } else if (what === 'slow') {
    res.writeHead(200);
    res.write(Buffer.alloc(100)); // then nothing: the fetch's deadline must end it
  } else if (what === 'redirect') res.writeHead(302, { location: decodeURIComponent(arg) }).end();
  else if (what === 'loop') res.writeHead(307, { location: '/loop' }).end();
  else if (what === 'missing') res.writeHead(404).end();
  else if (what === 'broken') res.writeHead(503).end();
  else res.writeHead(400).end();
}

beforeAll(async () => {
  storeRoot = await mkdtemp(join(tmpdir(), 'canyu-fetcher-spec-'));
  store = new LocalDirectoryStore(storeRoot);
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    route(req.url ?? '/', res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(storeRoot, { recursive: true, force: true });
});

const testPolicy: MediaFetchPolicy = { allowHttp: true, allowPrivate: true, maxRedirects: 3 };
const fetcher = (policy: Partial<MediaFetchPolicy> = {}) => new MediaFetcher(store, { ...testPolicy, ...policy });

/** Temporary directories the fetcher left in os.tmpdir(). */
const leftovers = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('canyu-media-'));

async function failure(promise: Promise<unknown>): Promise<{ code: MediaErrorCode; retryable: boolean; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof MediaError)) throw err;
    return { code: err.code, retryable: err.retryable, message: err.message };
  }
  throw new Error('expected the fetch to fail');
}

describe('MediaFetcher', () => {
  let before: string[];
  beforeEach(async () => {
    before = await leftovers();
    hits.length = 0;
  });
  afterEach(async () => {
    expect((await leftovers()).filter((n) => !before.includes(n))).toEqual([]);
  });

  it('should bring a stored media:<id> to a private temporary file and remove it on cleanup', async () => {
    const stored = await store.put(Readable.from([CLIP]), { workspaceId: WS, contentType: 'audio/wav', maxBytes: 1e6 });
    const got = await fetcher().fetchToFile(WS, stored.ref, OPTS);
    expect(got.bytes).toBe(CLIP.length);
    expect(await readFile(got.path)).toEqual(CLIP);
    expect((await stat(got.path)).mode & 0o777).toBe(0o600);
    await got.cleanup();
    await expect(stat(got.path)).rejects.toThrow(/ENOENT/);
  });

  it('should answer MEDIA_NOT_FOUND for a media:<id> the workspace does not have, or a malformed one', async () => {
    const stored = await store.put(Readable.from([CLIP]), { workspaceId: WS, contentType: 'audio/wav', maxBytes: 1e6 });
    for (const [ws, ref] of [[randomUUID(), stored.ref], [WS, `media:${randomUUID()}`], [WS, 'media:../../etc/passwd']]) {
      expect((await failure(fetcher().fetchToFile(ws, ref, OPTS))).code).toBe('MEDIA_NOT_FOUND');
    }
  });

  it('should answer MEDIA_TOO_LARGE for a stored clip past maxBytes', async () => {
    const stored = await store.put(Readable.from([CLIP]), { workspaceId: WS, contentType: 'audio/wav', maxBytes: 1e6 });
    expect(await failure(fetcher().fetchToFile(WS, stored.ref, { ...OPTS, maxBytes: 1000 }))).toMatchObject({ code: 'MEDIA_TOO_LARGE', retryable: false });
  });

  it('should download a URL when the policy allows its scheme and address', async () => {
    const got = await fetcher().fetchToFile(WS, `${base}/clip`, OPTS);
    expect(await readFile(got.path)).toEqual(CLIP);
    await got.cleanup();
  });

  it('should stop at maxBytes whether the length is declared or only counted', async () => {
    expect((await failure(fetcher().fetchToFile(WS, `${base}/big-declared`, OPTS))).code).toBe('MEDIA_TOO_LARGE');
    expect((await failure(fetcher().fetchToFile(WS, `${base}/big-chunked`, OPTS))).code).toBe('MEDIA_TOO_LARGE');
  });

  it('should give up after timeoutMs on a host that stalls, as a retryable failure', async () => {
    const started = Date.now();
    expect(await failure(fetcher().fetchToFile(WS, `${base}/slow`, { ...OPTS, timeoutMs: 300 }))).toMatchObject({ code: 'MEDIA_FETCH_FAILED', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('should refuse 127.0.0.1 and plain http by default, without sending anything', async () => {
    expect((await failure(fetcher({ allowPrivate: false }).fetchToFile(WS, `${base}/clip`, OPTS))).code).toBe('MEDIA_URL_FORBIDDEN');
    expect((await failure(fetcher({ allowHttp: false }).fetchToFile(WS, `${base}/clip`, OPTS))).code).toBe('MEDIA_URL_FORBIDDEN');
    for (const ref of ['ftp://example.com/a.wav', 'file:///etc/passwd', 'not a url', `http://user:pw@127.0.0.1:${port}/clip`]) {
      expect((await failure(fetcher().fetchToFile(WS, ref, OPTS))).code).toBe('MEDIA_URL_FORBIDDEN');
    }
    expect(hits).toEqual([]);
  });

  it('should check every redirect again: one to a forbidden address is refused before it is followed', async () => {
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'gopher://127.0.0.1/']) {
      expect((await failure(fetcher().fetchToFile(WS, `${base}/redirect/${encodeURIComponent(target)}`, OPTS))).code).toBe('MEDIA_URL_FORBIDDEN');
    }
    // Loopback is allowed by this policy, so the redirect is followed, but not past the limit.
    const ok = await fetcher().fetchToFile(WS, `${base}/redirect/${encodeURIComponent('/clip')}`, OPTS);
    await ok.cleanup();
    expect(await failure(fetcher().fetchToFile(WS, `${base}/loop`, OPTS))).toMatchObject({ code: 'MEDIA_FETCH_FAILED', retryable: false });
    expect(hits.filter((h) => h === '/loop')).toHaveLength(4); // the first request and 3 redirects
  });

  it('should answer a retryable MEDIA_FETCH_FAILED for a host that does not resolve', async () => {
    const resolver: HostResolver = async () => [];
    expect(await failure(fetcher({ resolver }).fetchToFile(WS, 'https://nowhere.example/clip', OPTS))).toMatchObject({ code: 'MEDIA_FETCH_FAILED', retryable: true });
  });

  it('should connect to the checked address even when the name would resolve elsewhere next time (no rebinding)', async () => {
    let answers = 0;
    // First answer loopback (allowed here), later answers metadata: the pinned socket never asks again.
    const resolver: HostResolver = async () => (answers++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    const got = await fetcher({ resolver }).fetchToFile(WS, `http://media.example:${port}/clip`, OPTS);
    expect(await readFile(got.path)).toEqual(CLIP);
    expect(answers).toBe(1);
    await got.cleanup();
  });

  it('should map 404 to MEDIA_NOT_FOUND and 503 to a retryable MEDIA_FETCH_FAILED', async () => {
    expect(await failure(fetcher().fetchToFile(WS, `${base}/missing`, OPTS))).toMatchObject({ code: 'MEDIA_NOT_FOUND', retryable: false });
    expect(await failure(fetcher().fetchToFile(WS, `${base}/broken`, OPTS))).toMatchObject({ code: 'MEDIA_FETCH_FAILED', retryable: true });
  });
});
