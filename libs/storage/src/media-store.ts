import { Readable } from 'node:stream';
import { UUID_PATTERN } from '@lib/domain';

/** What put() stored: `ref` is what events carry (`data.mediaRef`). */
export interface StoredMedia {
  id: string;
  ref: string;
  bytes: number;
  /** Hex SHA-256 of the bytes, computed while they streamed in. */
  sha256: string;
  contentType: string;
}

/** What stat() knows of a stored object (the hash is recorded where it was put: the event). */
export interface MediaInfo {
  id: string;
  ref: string;
  bytes: number;
  contentType: string;
}

export interface PutMeta {
  workspaceId: string;
  contentType: string;
  /** Enforced while streaming: past it the partial object is deleted and MediaTooLarge thrown. */
  maxBytes: number;
}

/**
 * Media bytes by workspace. put() streams (never buffers the whole body) and either stores
 * the object completely under a fresh id or leaves nothing; a failure of `body` (a client
 * gone mid-upload) rejects with that failure.
 */
export interface MediaStore {
  put(body: Readable, meta: PutMeta): Promise<StoredMedia>;
  /** Throws MediaNotFound for an id this workspace does not have. */
  open(workspaceId: string, id: string): Promise<Readable>;
  stat(workspaceId: string, id: string): Promise<MediaInfo | null>;
  /** Idempotent: deleting what is not there is not an error. */
  delete(workspaceId: string, id: string): Promise<void>;
}

/** The Nest token for the deployment's store (StorageModule picks it by MEDIA_STORE). */
export const MEDIA_STORE = Symbol('MEDIA_STORE');

const REF_PREFIX = 'media:';

export const mediaRefOf = (id: string): string => `${REF_PREFIX}${id}`;

/** The id inside a `media:<id>` reference, or null when it is not one of ours. */
export function storedMediaId(ref: string): string | null {
  if (!ref.startsWith(REF_PREFIX)) return null;
  const id = ref.slice(REF_PREFIX.length);
  return isMediaId(id) ? id : null;
}

const isLowerUuid = (value: string): boolean => UUID_PATTERN.test(value) && value === value.toLowerCase();

/** Ids are UUIDs we minted, so they are safe as path segments and object keys. */
export const isMediaId = isLowerUuid;

/** Workspace ids come from our own rows (lowercase UUIDs); anything else is a caller's bug. */
export function assertWorkspaceId(workspaceId: string): void {
  if (!isLowerUuid(workspaceId)) throw new Error(`not a workspace id: ${JSON.stringify(workspaceId).slice(0, 60)}`);
}

export function assertMaxBytes(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new Error(`maxBytes must be a positive integer, got ${maxBytes}`);
}
