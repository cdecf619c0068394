import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { DomainError, ErrorCodes, EXTERNAL_ID_PATTERN, Page } from '@lib/domain';
import { ListQueryDto } from '../common/list-query.dto';
import { CirclesApi } from './circles-api.service';
import { CircleMoveView, toMoveView } from './circles.views';

@ApiTags('circles')
@Controller('v1/participants/:externalId/circle-moves')
export class CircleMovesController {
  constructor(private readonly circles: CirclesApi) {}

  /** Every move of the participant between circles, newest first, with reason, actor and business time. */
  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext, @Param('externalId') externalId: string, @Query() q: ListQueryDto): Promise<Page<CircleMoveView>> {
    if (!EXTERNAL_ID_PATTERN.test(externalId)) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, 'participant not found', 'not_found');
    const page = await this.circles.movesOf(auth, externalId, q.limit, q.cursor);
    return { items: page.items.map(toMoveView), nextCursor: page.nextCursor };
  }
}
