import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { ErrorCodes } from '@lib/domain';
import { uuidParamPipe } from '@lib/http-kit';
import { ExplainService } from './explain.service';

const EventIdPipe = uuidParamPipe(ErrorCodes.EVENT_NOT_FOUND, 'event');

@ApiTags('ingest')
@Controller('v1/events')
export class ExplainController {
  constructor(private readonly explainer: ExplainService) {}

  /** For each live node: did this event enter it, and if not, the first reason why. */
  @Get(':id/explain')
  @Roles(...READERS, 'ingest')
  explain(@Auth() auth: AuthContext, @Param('id', EventIdPipe) id: string) {
    return this.explainer.explain(auth.workspaceId, id);
  }
}
