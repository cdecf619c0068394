import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { Auth, AuthContext, RateLimit, Roles } from '@lib/access';
import { CHANNELS } from '@lib/domain';
import { MultipartRoute } from '@lib/http-kit';
import { VoiceEntriesService, VoiceEntryResponse } from './voice-entries.service';

/** The routes configureHttpApp lets multipart through on (every other route takes JSON only). */
export const VOICE_ENTRY_ROUTES: MultipartRoute[] = [{ method: 'POST', path: '/v1/voice-entries' }];

const errorBody = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } } } },
};

@ApiTags('ingest')
@Controller('v1/voice-entries')
export class VoiceEntriesController {
  constructor(private readonly voice: VoiceEntriesService) {}

  /**
   * A participant's voice clip for a voice-shout contest, as multipart/form-data: the clip is
   * streamed to media storage and recorded as one `voice_entry` event (data.mediaRef names it).
   * 202 with the body POST /v1/events gives for one event, plus `mediaRef`.
   */
  @Post()
  @HttpCode(202)
  @Roles('ingest', 'marketer')
  @RateLimit('ingest')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['participantId', 'idempotencyKey', 'clip'],
      properties: {
        participantId: { type: 'string', example: 'buyer-1001', description: "the shop's opaque id for the person" },
        idempotencyKey: { type: 'string', example: 'voice-buyer-1001-1', description: 'the same key with the same clip is a duplicate' },
        occurredAt: { type: 'string', example: '2026-03-03T10:15:00+08:00', description: 'business time with a zone offset; default: when the upload arrives' },
        entryId: { type: 'string', example: 'entry-77' },
        channel: { type: 'string', enum: [...CHANNELS] },
        clip: { type: 'string', format: 'binary', description: 'WAV, MP3, AAC, AMR, Ogg, MP4/M4A or WebM audio (checked by its bytes); at most MEDIA_UPLOAD_MAX_BYTES' },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'stored; `results[0].status` is accepted, duplicate or rejected (then the clip is not kept)' })
  @ApiResponse({ status: 400, description: 'a required field or the clip is missing, a field is unknown or too long, the form is malformed', schema: errorBody })
  @ApiResponse({ status: 413, description: 'MEDIA.TOO_LARGE: the clip is larger than MEDIA_UPLOAD_MAX_BYTES', schema: errorBody })
  @ApiResponse({ status: 415, description: 'MEDIA.UNSUPPORTED_TYPE (not audio), or REQUEST.UNSUPPORTED_MEDIA_TYPE (not multipart/form-data)', schema: errorBody })
  upload(@Auth() auth: AuthContext, @Req() req: Request): Promise<VoiceEntryResponse> {
    return this.voice.upload(auth.workspaceId, req);
  }
}
