import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, RateLimit, Roles } from '@lib/access';
import { IngestEnv } from '@lib/config';
import { IngestService } from './ingest.service';
import { eventsOf } from './parse-batch';

@ApiTags('ingest')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly ingest: IngestService,
    private readonly env: IngestEnv,
  ) {}

  /**
   * One event, or `{ events: [...] }` (up to INGEST_MAX_BATCH). 202 once stored, with a
   * status per event: accepted, duplicate (replayed idempotency key → original id) or rejected.
   */
  @Post()
  @HttpCode(202)
  @Roles('ingest', 'marketer')
  @RateLimit('ingest')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: '#/components/schemas/EventDto' },
        { type: 'object', properties: { events: { type: 'array', items: { $ref: '#/components/schemas/EventDto' }, maxItems: 1000 } } },
      ],
    },
  })
  create(@Auth() auth: AuthContext, @Body() body: unknown) {
    return this.ingest.ingest(auth.workspaceId, eventsOf(body, this.env.INGEST_MAX_BATCH));
  }
}
