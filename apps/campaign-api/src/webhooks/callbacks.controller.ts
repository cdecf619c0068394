import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { Public, RateLimit } from '@lib/access';
import { SIGNATURE_HEADER, SignatureCheck, TIMESTAMP_HEADER, verifySignature, workspaceSigningKey } from '@lib/channels';
import { IngestEnv, WebhookEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { WorkspaceEntity } from '@lib/persistence';
import { IngestService } from '../ingest/ingest.service';
import { eventsOf } from '../ingest/parse-batch';
import { CallbackReplayGuard } from './callback-replay-guard';

const REFUSAL_CODES: Record<Exclude<SignatureCheck, { ok: true }>['reason'], string> = {
  MISSING: ErrorCodes.WEBHOOK_BAD_SIGNATURE,
  MISMATCH: ErrorCodes.WEBHOOK_BAD_SIGNATURE,
  STALE: ErrorCodes.WEBHOOK_STALE,
  FUTURE: ErrorCodes.WEBHOOK_FUTURE_TIMESTAMP,
};

/**
 * Channel callbacks (e.g. "this participant posted"), signed like our outbound webhooks:
 * HMAC-SHA256 with the workspace's signing key over `${timestamp}.${rawBody}`, refused
 * outside the replay window, too far in the future, or when the same signed request was
 * already accepted. Deliberately unauthenticated otherwise: the signature is the key.
 */
@ApiTags('ingest')
@Controller('v1/webhooks')
export class CallbacksController {
  constructor(
    private readonly db: DataSource,
    private readonly ingest: IngestService,
    private readonly replays: CallbackReplayGuard,
    private readonly webhookEnv: WebhookEnv,
    private readonly ingestEnv: IngestEnv,
  ) {}

  @Public()
  @RateLimit('ingest')
  @Post(':workspaceId/callbacks')
  @HttpCode(202)
  async callback(@Param('workspaceId', new ParseUUIDPipe()) workspaceId: string, @Req() req: Request & { rawBody?: Buffer }, @Body() body: unknown) {
    const signature = req.header(SIGNATURE_HEADER);
    const check = verifySignature(
      workspaceSigningKey(this.webhookEnv.WEBHOOK_SIGNING_SECRET, workspaceId),
      { signature, timestamp: req.header(TIMESTAMP_HEADER) },
      req.rawBody?.toString('utf8') ?? '',
      new Date(),
      this.webhookEnv.WEBHOOK_REPLAY_WINDOW_MS,
      this.webhookEnv.WEBHOOK_MAX_FUTURE_SKEW_MS,
    );
    if (!check.ok) throw new DomainError(REFUSAL_CODES[check.reason], `callback signature refused (${check.reason.toLowerCase()})`, 'unauthorized');
    if (!(await this.db.getRepository(WorkspaceEntity).existsBy({ id: workspaceId }))) {
      throw new DomainError(ErrorCodes.UNAUTHORIZED, 'unknown workspace', 'unauthorized');
    }
    const batch = eventsOf(body, this.ingestEnv.INGEST_MAX_BATCH);
    // Only a verified signature is remembered, so forgeries cannot fill Redis.
    await this.replays.claim(workspaceId, signature!);
    try {
      return await this.ingest.ingest(workspaceId, batch);
    } catch (err) {
      await this.replays.release(workspaceId, signature!);
      throw err;
    }
  }
}
