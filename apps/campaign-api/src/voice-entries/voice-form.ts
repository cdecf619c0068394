import busboy, { Busboy } from 'busboy';
import { Request } from 'express';
import { Readable } from 'node:stream';
import { DomainError, ErrorCodes } from '@lib/domain';
import { findUnstorableText } from '@lib/http-kit';
import { AUDIO_SNIFF_BYTES, MediaStore, MediaTooLarge, sniffAudio, StoredMedia } from '@lib/storage';
import { ClientStreamError, peek } from './clip-stream';

export const VOICE_FIELDS = ['participantId', 'idempotencyKey', 'occurredAt', 'entryId', 'channel'] as const;
export type VoiceField = (typeof VOICE_FIELDS)[number];
export const CLIP_FIELD = 'clip';

const FIELD_SET: ReadonlySet<string> = new Set(VOICE_FIELDS);
const MAX_FIELD_BYTES = 1024;
// Part headers, boundaries and the text fields on top of the clip itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface ReceivedForm {
  fields: Partial<Record<VoiceField, string>>;
  /** The stored clip, or null when the form had no file part. */
  media: StoredMedia | null;
}

export interface FormOptions {
  workspaceId: string;
  maxClipBytes: number;
}

// busboy passes undefined for a part without a name, whatever its types say.
const partName = (name: string | undefined) => (typeof name === 'string' ? name.slice(0, 100) : '(unnamed part)');

const invalid = (field: string, message: string) =>
  new DomainError(ErrorCodes.VALIDATION_FAILED, 'request is invalid', 'validation', { problems: [`${field}: ${message}`] });
const tooLarge = (maxBytes: number) => new DomainError(ErrorCodes.MEDIA_TOO_LARGE, `the clip is larger than ${maxBytes} bytes`, 'too_large', { maxBytes });
const unsupported = (why: string) =>
  new DomainError(ErrorCodes.MEDIA_UNSUPPORTED_TYPE, `${why}; send WAV, MP3, AAC, AMR, Ogg, MP4/M4A or WebM audio`, 'unsupported_media');

/** Declared part types we take: any audio type, or none in particular (the bytes decide). */
const acceptableLabel = (mimeType: string) => mimeType.startsWith('audio/') || mimeType === 'application/octet-stream';

/** What a failure means for the client: a 4xx for everything the request did, else our own error. */
function asClientError(err: unknown, maxBytes: number): unknown {
  if (err instanceof DomainError) return err;
  if (err instanceof MediaTooLarge) return tooLarge(maxBytes);
  if (err instanceof ClientStreamError) {
    return err.cause instanceof DomainError || err.cause instanceof MediaTooLarge
      ? asClientError(err.cause, maxBytes)
      : new DomainError(ErrorCodes.MALFORMED_MULTIPART, 'the multipart body ended early or is malformed', 'validation');
  }
  return err; // the store failed on its own (disk, S3): a 500, logged
}

/** After a refusal, reads (and drops) what the client still sends, so it gets the answer; a flood is cut off. */
function discardRest(req: Request, capBytes: number): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > capBytes) req.destroy();
  });
  req.resume();
}

/**
 * Parses POST /v1/voice-entries with busboy as it arrives: text fields are kept (bounded in
 * number and size), the one `clip` file part is sniffed and streamed to the store with the
 * size limit enforced on the way. Whatever goes wrong, including a client that disconnects,
 * rejects with the first reason and leaves no stored clip behind.
 */
export function receiveVoiceForm(req: Request, store: MediaStore, options: FormOptions): Promise<ReceivedForm> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxClipBytes + FORM_OVERHEAD_BYTES) return Promise.reject(tooLarge(options.maxClipBytes));
  let parser: Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fieldNameSize: 100, fieldSize: MAX_FIELD_BYTES, fields: VOICE_FIELDS.length, files: 1, parts: VOICE_FIELDS.length + 2, headerPairs: 20, fileSize: options.maxClipBytes + 1 },
    });
  } catch (err) {
    return Promise.reject(new DomainError(ErrorCodes.MALFORMED_MULTIPART, `multipart/form-data header is unusable: ${(err as Error).message}`, 'validation'));
  }
  return new Promise<ReceivedForm>((resolve, reject) => {
    const fields: Partial<Record<VoiceField, string>> = {};
    let storing: Promise<StoredMedia> | null = null;
    let settled = false;

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      discardRest(req, options.maxClipBytes);
      // Ends the clip stream too, so a put in progress deletes its partial object. Not from
      // inside busboy's own callback (it touches the part right after emitting).
      setImmediate(() => parser.destroy());
      const stored = storing ?? Promise.resolve(null);
      stored
        .then((media) => media && store.delete(options.workspaceId, media.id))
        .catch(() => undefined)
        .then(() => reject(asClientError(err, options.maxClipBytes)));
    };

    parser.on('field', (rawName, value, info) => {
      if (settled) return;
      const name = partName(rawName);
      if (name === CLIP_FIELD) return fail(invalid(CLIP_FIELD, 'must be a file part (Content-Disposition with a filename)'));
      if (!FIELD_SET.has(name)) return fail(invalid(name, 'is not a field of a voice entry'));
      if (info.valueTruncated) return fail(invalid(name, `is longer than ${MAX_FIELD_BYTES} bytes`));
      const field = name as VoiceField;
      if (fields[field] !== undefined) return fail(invalid(field, 'is sent more than once'));
      if (findUnstorableText(value)) return fail(invalid(field, 'may not hold NUL characters (U+0000)'));
      fields[field] = value;
    });
    parser.on('file', (rawName, file: Readable, info) => {
      // Destroying the parser errors an open part ("Unexpected end of file"); that is reported
      // through the parser and the store, so the part's own error must not go unhandled.
      file.on('error', () => undefined);
      // busboy goes on with the chunk at hand after a refusal: store nothing more then.
      if (settled) return void file.resume();
      const name = partName(rawName);
      if (name !== CLIP_FIELD) return fail(invalid(name, `is not a file part of a voice entry (the clip goes in "${CLIP_FIELD}")`));
      file.on('limit', () => fail(tooLarge(options.maxClipBytes)));
      storing = storeClip(file, info.mimeType, store, options);
      storing.catch(fail);
    });
    parser.on('filesLimit', () => fail(invalid(CLIP_FIELD, 'exactly one file part is allowed')));
    parser.on('fieldsLimit', () => fail(invalid('form', `at most ${VOICE_FIELDS.length} text fields are allowed`)));
    // busboy signals when the count is reached, so the limit sits one past the most a form may have.
    parser.on('partsLimit', () => fail(invalid('form', 'too many parts')));
    parser.on('error', (err) => fail(err instanceof DomainError ? err : new ClientStreamError(err)));
    parser.on('finish', () => {
      (storing ?? Promise.resolve(null)).then((media) => {
        if (settled) return;
        settled = true;
        resolve({ fields, media });
      }, fail);
    });
    req.on('error', (err) => fail(new ClientStreamError(err)));
    req.on('close', () => {
      if (!req.complete) fail(new ClientStreamError(new Error('the client disconnected mid-upload')));
    });
    req.pipe(parser);
  });
}

async function storeClip(file: Readable, label: string, store: MediaStore, options: FormOptions): Promise<StoredMedia> {
  if (!acceptableLabel(label)) throw unsupported(`a clip labelled ${label.slice(0, 100)} is not audio`);
  const { head, body } = await peek(file, AUDIO_SNIFF_BYTES);
  const contentType = sniffAudio(head);
  if (!contentType) throw unsupported('the clip is not in a supported audio format');
  return store.put(body, { workspaceId: options.workspaceId, contentType, maxBytes: options.maxClipBytes });
}
