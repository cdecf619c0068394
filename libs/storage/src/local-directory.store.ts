import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteCounter } from './byte-counter';
import { MediaNotFound } from './media-errors';
import { assertMaxBytes, assertWorkspaceId, isMediaId, MediaInfo, MediaStore, mediaRefOf, PutMeta, StoredMedia } from './media-store';

interface MetaFile {
  contentType: string;
  bytes: number;
  sha256: string;
  storedAt: string;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Media on the local disk: `<root>/<workspaceId>/<id>/{data,meta.json}`, directories 0700 and
 * files 0600. An object is written into a dot-named temporary directory, flushed, and then
 * renamed to its id in one step, so its real name only ever holds a complete object (a crash
 * leaves at most a `.tmp-*` directory, which nothing reads). Ids are UUIDs we minted, so no
 * caller-supplied text becomes a path.
 */
export class LocalDirectoryStore implements MediaStore {
  constructor(readonly root: string) {}

  async put(body: Readable, meta: PutMeta): Promise<StoredMedia> {
    assertWorkspaceId(meta.workspaceId);
    assertMaxBytes(meta.maxBytes);
    const dir = await this.workspaceDir(meta.workspaceId);
    const id = randomUUID();
    const tmp = join(dir, `.tmp-${id}`);
    await mkdir(tmp, { mode: 0o700 });
    try {
      const counter = new ByteCounter(meta.maxBytes);
      await pipeline(body, counter, createWriteStream(join(tmp, 'data'), { flags: 'wx', mode: 0o600, flush: true }));
      const stored: StoredMedia = { id, ref: mediaRefOf(id), bytes: counter.bytes, sha256: counter.sha256(), contentType: meta.contentType };
      const file: MetaFile = { contentType: stored.contentType, bytes: stored.bytes, sha256: stored.sha256, storedAt: new Date().toISOString() };
      await writeFile(join(tmp, 'meta.json'), JSON.stringify(file), { flag: 'wx', mode: 0o600, flush: true });
      await rename(tmp, join(dir, id));
      await syncDirectory(dir); // the rename itself survives a power loss
      return stored;
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  async open(workspaceId: string, id: string): Promise<Readable> {
    const path = this.objectDir(workspaceId, id);
    if (!path) throw new MediaNotFound(`media ${id}`);
    try {
      // Opened here, not lazily by the stream, so a missing object fails this call.
      const handle = await open(join(path, 'data'), 'r');
      return handle.createReadStream();
    } catch (err) {
      if (isMissing(err)) throw new MediaNotFound(`media ${id}`);
      throw err;
    }
  }

  async stat(workspaceId: string, id: string): Promise<MediaInfo | null> {
    const path = this.objectDir(workspaceId, id);
    if (!path) return null;
    try {
      const [info, raw] = await Promise.all([stat(join(path, 'data')), readFile(join(path, 'meta.json'), 'utf8')]);
      const meta = JSON.parse(raw) as MetaFile;
      return { id, ref: mediaRefOf(id), bytes: info.size, contentType: meta.contentType };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    const path = this.objectDir(workspaceId, id);
    if (!path) return;
    // Renamed away first, so a half-deleted object never answers under its id.
    const doomed = join(this.root, workspaceId, `.del-${id}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(path, doomed);
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  private async workspaceDir(workspaceId: string): Promise<string> {
    const dir = join(this.root, workspaceId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  private objectDir(workspaceId: string, id: string): string | null {
    assertWorkspaceId(workspaceId);
    return isMediaId(id) ? join(this.root, workspaceId, id) : null;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
