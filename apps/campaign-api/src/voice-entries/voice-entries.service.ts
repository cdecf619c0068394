import { Inject, Injectable, Logger } from '@nestjs/common';
import { Request } from 'express';
import { MediaEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { MEDIA_STORE, MediaStore, StoredMedia } from '@lib/storage';
import { EventStore, KeyedEvent } from '../ingest/event-store';
import { IngestResponse, IngestService } from '../ingest/ingest.service';
import { CLIP_FIELD, ReceivedForm, receiveVoiceForm, VoiceField } from './voice-form';

export interface VoiceEntryResponse extends IngestResponse {
  /** The clip the stored event names (a duplicate's is the original's); absent when rejected. */
  mediaRef?: string;
}

type Fields = Partial<Record<VoiceField, string>>;

const REQUIRED: readonly VoiceField[] = ['participantId', 'idempotencyKey'];

/**
 * POST /v1/voice-entries: the clip is streamed to the media store, then recorded as one
 * `voice_entry` event through the ingest path (same verdicts, idempotency and queueing as
 * POST /v1/events). A clip no stored event names is deleted before the answer: a refused
 * form, a rejected event, a duplicate (the original keeps its own clip).
 */
@Injectable()
export class VoiceEntriesService {
  private readonly logger = new Logger(VoiceEntriesService.name);

  constructor(
    private readonly ingest: IngestService,
    private readonly events: EventStore,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    private readonly env: MediaEnv,
  ) {}

  async upload(workspaceId: string, req: Request, now = new Date()): Promise<VoiceEntryResponse> {
    const form = await receiveVoiceForm(req, this.store, { workspaceId, maxClipBytes: this.env.MEDIA_UPLOAD_MAX_BYTES });
    try {
      const media = requireComplete(form);
      return await this.record(workspaceId, form.fields, media, now);
    } catch (err) {
      await this.discard(workspaceId, form.media);
      throw err;
    }
  }

  private async record(workspaceId: string, fields: Fields, media: StoredMedia, now: Date): Promise<VoiceEntryResponse> {
    const key = fields.idempotencyKey!;
    let existing = await this.events.findByKey(workspaceId, key);
    for (let attempt = 0; ; attempt++) {
      const event = voiceEvent(fields, media, existing, now);
      const response = await this.ingest.ingest(workspaceId, [event], now);
      const result = response.results[0];
      if (result.reason === 'IDEMPOTENCY_KEY_REUSED' && existing === null && attempt === 0) {
        // Another upload took the key since we looked (the same clip sent twice at once?): compare with it.
        existing = await this.events.findByKey(workspaceId, key);
        if (existing) continue;
      }
      if (result.status !== 'accepted') await this.discard(workspaceId, media);
      const mediaRef = result.status === 'rejected' ? undefined : event.data.mediaRef;
      return { ...response, mediaRef };
    }
  }

  private async discard(workspaceId: string, media: StoredMedia | null): Promise<void> {
    if (!media) return;
    try {
      await this.store.delete(workspaceId, media.id);
    } catch (err) {
      // The answer stands; the clip is an orphan the operator can find by id.
      this.logger.warn({ msg: 'could not delete an unreferenced clip', mediaId: media.id, error: (err as Error).message });
    }
  }
}

/** The form's required parts, all problems at once (400); the event's own rules are ingest's verdicts. */
function requireComplete(form: ReceivedForm): StoredMedia {
  const problems = REQUIRED.filter((f) => form.fields[f] === undefined).map((f) => `${f}: is required`);
  if (!form.media) problems.push(`${CLIP_FIELD}: a file part named ${CLIP_FIELD} is required`);
  if (problems.length > 0 || !form.media) throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'request is invalid', 'validation', { problems });
  return form.media;
}

/**
 * The event for this upload. A replay of the same clip (same SHA-256) under a key a voice
 * entry already holds names the original clip and, when the client left occurredAt to us,
 * the original time: so it fingerprints as the same event and ingest answers `duplicate`.
 */
function voiceEvent(fields: Fields, media: StoredMedia, existing: KeyedEvent | null, now: Date) {
  const original = existing?.type === 'voice_entry' && existing.data.mediaSha256 === media.sha256 && typeof existing.data.mediaRef === 'string' ? existing : null;
  return {
    type: 'voice_entry',
    idempotencyKey: fields.idempotencyKey,
    participantId: fields.participantId,
    occurredAt: fields.occurredAt ?? (original ?? { occurredAt: now }).occurredAt.toISOString(),
    ...(fields.channel !== undefined && { channel: fields.channel }),
    data: {
      mediaRef: original ? (original.data.mediaRef as string) : media.ref,
      ...(fields.entryId !== undefined && { entryId: fields.entryId }),
      mediaContentType: media.contentType,
      mediaBytes: media.bytes,
      mediaSha256: media.sha256,
    },
  };
}
