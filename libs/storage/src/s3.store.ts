import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ByteCounter } from './byte-counter';
import { MediaNotFound } from './media-errors';
import { assertMaxBytes, assertWorkspaceId, isMediaId, MediaInfo, MediaStore, mediaRefOf, PutMeta, StoredMedia } from './media-store';

export interface S3StoreConfig {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

// lib-storage's minimum; an upload holds at most QUEUE_SIZE parts in memory at once.
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

const isNotFound = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

export function createS3Client(config: S3StoreConfig): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Checksums only where S3 demands them: several S3-compatible servers reject the SDK's
    // default trailing checksums. Integrity is ours anyway: put() hashes every byte (sha256).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Media in an S3-compatible bucket under `<workspaceId>/<id>`. put() streams through a
 * multipart upload (parts of 5 MiB, two in flight), counting and hashing on the way; past
 * maxBytes, or when the body fails, the multipart upload is aborted (its parts discarded)
 * before put() rejects, and nothing is left under the key.
 */
export class S3Store implements MediaStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(body: Readable, meta: PutMeta): Promise<StoredMedia> {
    assertWorkspaceId(meta.workspaceId);
    assertMaxBytes(meta.maxBytes);
    const id = randomUUID();
    const Key = this.key(meta.workspaceId, id);
    const counter = new ByteCounter(meta.maxBytes);
    const feeding = pipeline(body, counter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: counter, ContentType: meta.contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const uploading = upload.done();
    try {
      await Promise.all([feeding, uploading]);
    } catch (err) {
      // Still flowing means the upload failed on its own (S3 down); else the body failed first
      // (too large, client gone) and its error is the one to report.
      const uploadFailed = !counter.destroyed;
      if (uploadFailed) counter.destroy();
      const bodyError = await feeding.then(() => null, (e: unknown) => e);
      // Not upload.abort(): that settles done() at once and aborts in the background. Left to
      // itself, done() sends AbortMultipartUpload (parts discarded) before it rejects.
      await uploading.catch(() => undefined);
      // A single-part upload may have completed just before the failure surfaced.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })).catch(() => undefined);
      throw uploadFailed || bodyError === null ? err : bodyError;
    }
    return { id, ref: mediaRefOf(id), bytes: counter.bytes, sha256: counter.sha256(), contentType: meta.contentType };
  }

  async open(workspaceId: string, id: string): Promise<Readable> {
    const Key = this.checkedKey(workspaceId, id);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!(res.Body instanceof Readable)) throw new Error('S3 GetObject returned no stream body');
      return res.Body;
    } catch (err) {
      if (isNotFound(err)) throw new MediaNotFound(`media ${id}`);
      throw err;
    }
  }

  async stat(workspaceId: string, id: string): Promise<MediaInfo | null> {
    if (!isMediaId(id)) return null;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(workspaceId, id) }));
      return { id, ref: mediaRefOf(id), bytes: head.ContentLength ?? 0, contentType: head.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!isMediaId(id)) return;
    // S3 answers 204 whether or not the key existed: idempotent as the interface asks.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(workspaceId, id) }));
  }

  destroy(): void {
    this.client.destroy();
  }

  private checkedKey(workspaceId: string, id: string): string {
    if (!isMediaId(id)) throw new MediaNotFound(`media ${id}`);
    return this.key(workspaceId, id);
  }

  private key(workspaceId: string, id: string): string {
    assertWorkspaceId(workspaceId);
    return `${workspaceId}/${id}`;
  }
}
