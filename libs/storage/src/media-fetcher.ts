import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteCounter } from './byte-counter';
import { guardedGet, GuardPolicy } from './guarded-get';
import { MediaError, MediaFetchFailed, MediaNotFound } from './media-errors';
import { assertMaxBytes, MediaStore, storedMediaId } from './media-store';

export type MediaFetchPolicy = Omit<GuardPolicy, 'dnsTimeoutMs'>;

export interface FetchOptions {
  maxBytes: number;
  /** For the whole fetch: DNS, connecting, every redirect and the body. */
  timeoutMs: number;
}

export interface FetchedMedia {
  path: string;
  bytes: number;
  /** Removes the temporary file; call it when done, whatever happened. */
  cleanup(): Promise<void>;
}

const DNS_TIMEOUT_CAP_MS = 5_000;

/**
 * Brings a voice entry's `mediaRef` to a local temporary file (for ffmpeg and the like):
 * `media:<id>` from the workspace's store, `https://…` through the SSRF guard (http too
 * when the policy allows it). The size limit holds while streaming. Every failure is a
 * MediaError with a stable code, and leaves no temporary file behind.
 */
export class MediaFetcher {
  constructor(
    private readonly store: MediaStore,
    private readonly policy: MediaFetchPolicy,
  ) {}

  async fetchToFile(workspaceId: string, mediaRef: string, options: FetchOptions): Promise<FetchedMedia> {
    assertMaxBytes(options.maxBytes);
    if (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs < 1) throw new Error(`timeoutMs must be a positive integer, got ${options.timeoutMs}`);
    const dir = await mkdtemp(join(tmpdir(), 'canyu-media-'));
    const path = join(dir, 'media');
    const cleanup = () => rm(dir, { recursive: true, force: true });
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const source = await this.source(workspaceId, mediaRef, options, signal);
      const counter = new ByteCounter(options.maxBytes);
      await pipeline(source, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }), { signal });
      return { path, bytes: counter.bytes, cleanup };
    } catch (err) {
      await cleanup();
      if (err instanceof MediaError) throw err;
      if (signal.aborted) throw new MediaFetchFailed(`fetching media took longer than ${options.timeoutMs} ms`, true);
      throw new MediaFetchFailed(`fetching media failed: ${(err as Error).message}`, true);
    }
  }

  private async source(workspaceId: string, mediaRef: string, options: FetchOptions, signal: AbortSignal): Promise<Readable> {
    if (mediaRef.startsWith('media:')) {
      const id = storedMediaId(mediaRef);
      if (!id) throw new MediaNotFound(`media reference ${mediaRef.slice(0, 60)}`);
      return this.store.open(workspaceId, id);
    }
    const dnsTimeoutMs = Math.min(DNS_TIMEOUT_CAP_MS, options.timeoutMs);
    return guardedGet(mediaRef, { ...this.policy, dnsTimeoutMs }, options.maxBytes, signal);
  }
}
