import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { DomainError, ErrorCodes, EVENT_TYPE_PATTERN } from '@lib/domain';
import { CreateEventTypeDto, EventTypeBodyDto } from './event-type.dto';
import { EventTypesService } from './event-types.service';

const checkedName = (name: string): string => {
  if (!EVENT_TYPE_PATTERN.test(name)) throw new DomainError(ErrorCodes.EVENT_TYPE_NOT_FOUND, 'event type not found', 'not_found');
  return name;
};

/** The tracking plan: which event types ingest accepts and what their data must hold. */
@ApiTags('event types')
@Controller('v1/event-types')
export class EventTypesController {
  constructor(private readonly types: EventTypesService) {}

  @Get()
  @Roles(...READERS, 'ingest')
  async list(@Auth() auth: AuthContext) {
    return { items: await this.types.list(auth.workspaceId) };
  }

  @Get(':name')
  @Roles(...READERS, 'ingest')
  get(@Auth() auth: AuthContext, @Param('name') name: string) {
    return this.types.get(auth.workspaceId, checkedName(name));
  }

  @Post()
  @Roles('marketer')
  create(@Auth() auth: AuthContext, @Body() dto: CreateEventTypeDto) {
    const { name, ...body } = dto;
    return this.types.save(auth, name, body, false);
  }

  @Put(':name')
  @Roles('marketer')
  replace(@Auth() auth: AuthContext, @Param('name') name: string, @Body() dto: EventTypeBodyDto) {
    return this.types.save(auth, checkedName(name), dto, true);
  }

  @Delete(':name')
  @HttpCode(204)
  @Roles('marketer')
  async remove(@Auth() auth: AuthContext, @Param('name') name: string): Promise<void> {
    await this.types.remove(auth, checkedName(name));
  }
}
