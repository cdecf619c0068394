import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { LocalDirectoryStore } from './local-directory.store';
import { MediaNotFound, MediaTooLarge } from './media-errors';
import { MediaStore } from './media-store';
import { createS3Client, S3Store } from './s3.store';

const MiB = 1024 * 1024;
const WS = randomUUID();
const OTHER_WS = randomUUID();

const bytes = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Chunks, then (optionally) a failure, as a client that disconnects mid-upload gives. */
function body(chunks: Buffer[], failAfter?: Error): Readable {
  async function* gen() {
    for (const c of chunks) {
      await new Promise((r) => setImmediate(r));
      yield c;
    }
    if (failAfter) throw failAfter;
  }
  return Readable.from(gen(), { objectMode: false });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c as Buffer);
  return Buffer.concat(out);
}

/** Every file under dir, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

interface Harness {
  store: MediaStore;
  /** What the backend holds for a workspace: any leftover of a failed put shows here. */
  leftovers(workspaceId: string): Promise<string[]>;
  /** S3 commands sent so far (S3Store only). */
  commands?: string[];
}

let localRoot = '';
let s3Dir = '';
let s3rver: S3rver;
let s3Client: S3Client;
const s3Commands: string[] = [];

const harnesses: [string, () => Harness][] = [
  ['LocalDirectoryStore', () => ({ store: new LocalDirectoryStore(localRoot), leftovers: (ws) => filesUnder(join(localRoot, ws)) })],
  [
    'S3Store (against s3rver)',
    () => ({
      store: new S3Store(s3Client, 'media'),
      leftovers: async (ws) => {
        const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: `${ws}/` }));
        return (listed.Contents ?? []).map((o) => o.Key ?? '');
      },
      commands: s3Commands,
    }),
  ],
];

beforeAll(async () => {
  localRoot = await mkdtemp(join(tmpdir(), 'canyu-store-spec-'));
  s3Dir = await mkdtemp(join(tmpdir(), 'canyu-s3rver-spec-'));
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir });
  const { port } = await s3rver.run();
  s3Client = createS3Client({
    bucket: 'media',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  s3Client.middlewareStack.add(
    (next, context) => (args) => {
      s3Commands.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize' },
  );
  await s3Client.send(new CreateBucketCommand({ Bucket: 'media' }));
});

afterAll(async () => {
  s3Client?.destroy();
  await s3rver?.close();
  await rm(localRoot, { recursive: true, force: true });
  await rm(s3Dir, { recursive: true, force: true });
});

describe.each(harnesses)('%s', (_name, make) => {
  let h: Harness;
  beforeAll(() => {
    h = make();
  });

  it('should store a streamed body and give back the same bytes, size, hash and type', async () => {
    const clip = bytes(300_000);
    const stored = await h.store.put(body([clip.subarray(0, 100_000), clip.subarray(100_000)]), { workspaceId: WS, contentType: 'audio/wav', maxBytes: MiB });
    expect(stored).toEqual({ id: expect.any(String), ref: `media:${stored.id}`, bytes: clip.length, sha256: sha256(clip), contentType: 'audio/wav' });
    expect(await readAll(await h.store.open(WS, stored.id))).toEqual(clip);
    expect(await h.store.stat(WS, stored.id)).toEqual({ id: stored.id, ref: stored.ref, bytes: clip.length, contentType: 'audio/wav' });
  });

  it('should take exactly maxBytes, and abort one byte past it leaving nothing behind', async () => {
    const ws = randomUUID();
    const exact = await h.store.put(body([bytes(1000)]), { workspaceId: ws, contentType: 'audio/wav', maxBytes: 1000 });
    expect(exact.bytes).toBe(1000);
    await h.store.delete(ws, exact.id);
    await expect(h.store.put(body([bytes(600), bytes(401)]), { workspaceId: ws, contentType: 'audio/wav', maxBytes: 1000 })).rejects.toBeInstanceOf(MediaTooLarge);
    expect(await h.leftovers(ws)).toEqual([]);
  });

  it('should abort a multipart-sized upload that grows past the limit after its first part', async () => {
    const ws = randomUUID();
    h.commands?.splice(0);
    const commands = h.commands;
    async function* growing() {
      for (let i = 0; i < 7; i++) yield bytes(MiB, i);
      // With S3, the overflow comes only once the first part is on its way up.
      while (commands && !commands.includes('UploadPartCommand')) await new Promise((r) => setTimeout(r, 5));
      yield bytes(MiB, 8);
    }
    await expect(h.store.put(Readable.from(growing()), { workspaceId: ws, contentType: 'audio/wav', maxBytes: 7 * MiB })).rejects.toBeInstanceOf(MediaTooLarge);
    expect(await h.leftovers(ws)).toEqual([]);
    if (h.commands) {
      // A part went up, then the upload was aborted, never completed. (s3rver ignores the
      // abort itself, so that its parts are discarded is S3's promise, not checked here.)
      expect(h.commands).toEqual(expect.arrayContaining(['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']));
      expect(h.commands).not.toContain('CompleteMultipartUploadCommand');
    }
  });

  it("should reject with the body's own failure (a client gone mid-upload) and leave nothing", async () => {
    const ws = randomUUID();
    const gone = new Error('client disconnected');
    await expect(h.store.put(body([bytes(5000), bytes(5000)], gone), { workspaceId: ws, contentType: 'audio/ogg', maxBytes: MiB })).rejects.toBe(gone);
    expect(await h.leftovers(ws)).toEqual([]);
  });

  it('should store a body larger than one multipart part in full', async () => {
    const clip = Buffer.concat(Array.from({ length: 6 }, (_, i) => bytes(MiB, i + 7)));
    const stored = await h.store.put(body([clip]), { workspaceId: WS, contentType: 'audio/mp4', maxBytes: 8 * MiB });
    expect(stored.sha256).toBe(sha256(clip));
    expect(sha256(await readAll(await h.store.open(WS, stored.id)))).toBe(sha256(clip));
  });

  it('should keep workspaces apart and answer not-found for unknown or malformed ids', async () => {
    const stored = await h.store.put(body([bytes(10)]), { workspaceId: WS, contentType: 'audio/amr', maxBytes: 100 });
    await expect(h.store.open(OTHER_WS, stored.id)).rejects.toBeInstanceOf(MediaNotFound);
    expect(await h.store.stat(OTHER_WS, stored.id)).toBeNull();
    for (const id of [randomUUID(), '../../etc/passwd', stored.id.toUpperCase(), '']) {
      await expect(h.store.open(WS, id)).rejects.toBeInstanceOf(MediaNotFound);
      expect(await h.store.stat(WS, id)).toBeNull();
    }
  });

  it('should delete idempotently', async () => {
    const stored = await h.store.put(body([bytes(10)]), { workspaceId: WS, contentType: 'audio/amr', maxBytes: 100 });
    await h.store.delete(WS, stored.id);
    await h.store.delete(WS, stored.id);
    await expect(h.store.open(WS, stored.id)).rejects.toBeInstanceOf(MediaNotFound);
    expect(await h.store.stat(WS, stored.id)).toBeNull();
  });

  it('should refuse a workspace id that is not one of ours (no path or key from caller text)', async () => {
    await expect(h.store.put(body([bytes(1)]), { workspaceId: '../x', contentType: 'audio/wav', maxBytes: 10 })).rejects.toThrow(/not a workspace id/);
  });
});

describe('LocalDirectoryStore on disk', () => {
  it('should write private files, and show a real name only once the object is complete', async () => {
    const store = new LocalDirectoryStore(localRoot);
    const ws = randomUUID();
    const feed = new PassThrough();
    const putting = store.put(feed, { workspaceId: ws, contentType: 'audio/wav', maxBytes: MiB });
    feed.write(bytes(1000));
    await new Promise((r) => setTimeout(r, 50));
    const during = await readdir(join(localRoot, ws));
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.tmp-/); // mid-write: nothing under a real id yet
    feed.end(bytes(1000));
    const stored = await putting;
    expect(await readdir(join(localRoot, ws))).toEqual([stored.id]);
    expect((await stat(join(localRoot, ws, stored.id, 'data'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(localRoot, ws, stored.id, 'meta.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(localRoot, ws, stored.id))).mode & 0o777).toBe(0o700);
  });
});
