import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { Public, RateLimit } from '@lib/access';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, workspaceSigningKey } from '@lib/channels';
import { IngestEnv, WebhookEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { WorkspaceEntity } from '@lib/persistence';
import { IngestService } from '../ingest/ingest.service';
import { parseBatch } from '../ingest/parse-batch';

/**
 * Channel callbacks (e.g. "this participant posted"), signed like our outbound webhooks:
 * HMAC-SHA256 with the workspace's signing key over `${timestamp}.${rawBody}`, refused
 * outside the replay window. Deliberately unauthenticated otherwise: the signature is the key.
 */
@ApiTags('ingest')
@Controller('v1/webhooks')
export class CallbacksController {
  constructor(
    private readonly db: DataSource,
    private readonly ingest: IngestService,
    private readonly webhookEnv: WebhookEnv,
    private readonly ingestEnv: IngestEnv,
  ) {}

  @Public()
  @RateLimit('ingest')
  @Post(':workspaceId/callbacks')
  @HttpCode(202)
  async callback(@Param('workspaceId', new ParseUUIDPipe()) workspaceId: string, @Req() req: Request & { rawBody?: Buffer }, @Body() body: unknown) {
    const check = verifySignature(
      workspaceSigningKey(this.webhookEnv.WEBHOOK_SIGNING_SECRET, workspaceId),
      { signature: req.header(SIGNATURE_HEADER), timestamp: req.header(TIMESTAMP_HEADER) },
      req.rawBody?.toString('utf8') ?? '',
      new Date(),
      this.webhookEnv.WEBHOOK_REPLAY_WINDOW_MS,
    );
    if (!check.ok) {
      const code = check.reason === 'STALE' ? ErrorCodes.WEBHOOK_STALE : ErrorCodes.WEBHOOK_BAD_SIGNATURE;
      throw new DomainError(code, `callback signature refused (${check.reason.toLowerCase()})`, 'unauthorized');
    }
    if (!(await this.db.getRepository(WorkspaceEntity).existsBy({ id: workspaceId }))) {
      throw new DomainError(ErrorCodes.UNAUTHORIZED, 'unknown workspace', 'unauthorized');
    }
    return this.ingest.ingest(workspaceId, parseBatch(body, this.ingestEnv.INGEST_MAX_BATCH));
  }
}
