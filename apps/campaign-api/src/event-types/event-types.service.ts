import { Injectable } from '@nestjs/common';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { AuthContext } from '@lib/access';
import { BUILTIN_EVENT_TYPES, builtinEventType, DomainError, ErrorCodes, EventSchema } from '@lib/domain';
import { EventTypeEntity, NodeEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { EventTypeBodyDto } from './event-type.dto';

export interface EventTypeView extends EventSchema {
  builtIn: boolean;
  description: string;
}

const builtinView = (s: EventSchema): EventTypeView => ({ ...s, builtIn: true, description: '' });
const customView = (e: EventTypeEntity): EventTypeView => ({ type: e.name, fields: e.fields, additionalFields: e.additionalFields, builtIn: false, description: e.description });

/** The workspace's event contract: built-in types plus the ones it declared. */
@Injectable()
export class EventTypesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Schemas for the given type names; a name missing from the map is undeclared. */
  async schemasFor(workspaceId: string, types: string[]): Promise<Map<string, EventSchema>> {
    const out = new Map<string, EventSchema>();
    const custom: string[] = [];
    for (const t of new Set(types)) {
      const builtin = builtinEventType(t);
      if (builtin) out.set(t, builtin);
      else custom.push(t);
    }
    if (custom.length > 0) {
      const rows = await this.db.getRepository(EventTypeEntity).findBy({ workspaceId, name: In(custom) });
      for (const r of rows) out.set(r.name, customView(r));
    }
    return out;
  }

  async assertKnown(workspaceId: string, type: string): Promise<void> {
    if (!(await this.schemasFor(workspaceId, [type])).has(type)) {
      throw new DomainError(ErrorCodes.EVENT_TYPE_UNKNOWN, `event type '${type}' is neither built in nor declared (POST /v1/event-types)`, 'validation', { type });
    }
  }

  async list(workspaceId: string): Promise<EventTypeView[]> {
    const rows = await this.db.getRepository(EventTypeEntity).find({ where: { workspaceId }, order: { name: 'ASC' } });
    return [...BUILTIN_EVENT_TYPES.map(builtinView), ...rows.map(customView)];
  }

  async get(workspaceId: string, name: string): Promise<EventTypeView> {
    const builtin = builtinEventType(name);
    if (builtin) return builtinView(builtin);
    const row = await this.db.getRepository(EventTypeEntity).findOneBy({ workspaceId, name });
    if (!row) throw new DomainError(ErrorCodes.EVENT_TYPE_NOT_FOUND, `event type '${name}' not found`, 'not_found');
    return customView(row);
  }

  /** Declares a type, or replaces one's rules (`replace`). Built-in types cannot change. */
  async save(auth: AuthContext, name: string, dto: EventTypeBodyDto, replace: boolean): Promise<EventTypeView> {
    if (builtinEventType(name)) {
      throw new DomainError(ErrorCodes.EVENT_TYPE_BUILT_IN, `'${name}' is a built-in event type and cannot be changed`, 'conflict');
    }
    const names = dto.fields.map((f) => f.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new DomainError(ErrorCodes.VALIDATION_FAILED, `field '${twice}' is declared twice`, 'validation');
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(EventTypeEntity);
      const existing = await repo.findOne({ where: { workspaceId: auth.workspaceId, name }, lock: { mode: 'pessimistic_write' } });
      if (existing && !replace) throw new DomainError(ErrorCodes.EVENT_TYPE_EXISTS, `event type '${name}' already exists; PUT replaces it`, 'conflict');
      if (!existing && replace) throw new DomainError(ErrorCodes.EVENT_TYPE_NOT_FOUND, `event type '${name}' not found`, 'not_found');
      const fields = dto.fields.map((f) => ({ name: f.name, type: f.type, required: f.required ?? false, min: f.min, max: f.max, enum: f.enum }));
      const row = await repo.save({
        ...(existing ?? {}),
        workspaceId: auth.workspaceId,
        name,
        description: dto.description ?? existing?.description ?? '',
        fields: JSON.parse(JSON.stringify(fields)), // drops undefined bounds
        additionalFields: dto.additionalFields ?? existing?.additionalFields ?? true,
      });
      await this.audit.record(tx, auth, existing ? 'event_type.update' : 'event_type.create', { type: 'event_type', id: row.id }, { name });
      return customView(row);
    }).catch((err: unknown) => {
      // Two declarations of one name at once: the loser hits the unique key, a conflict.
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        throw new DomainError(ErrorCodes.EVENT_TYPE_EXISTS, `event type '${name}' already exists; PUT replaces it`, 'conflict');
      }
      throw err;
    });
  }

  async remove(auth: AuthContext, name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await tx.getRepository(EventTypeEntity).findOneBy({ workspaceId: auth.workspaceId, name });
      if (!row) throw new DomainError(ErrorCodes.EVENT_TYPE_NOT_FOUND, `event type '${name}' not found`, 'not_found');
      if (await tx.getRepository(NodeEntity).existsBy({ workspaceId: auth.workspaceId, triggerEventType: name })) {
        throw new DomainError(ErrorCodes.EVENT_TYPE_IN_USE, `nodes trigger on '${name}'; change them first`, 'conflict');
      }
      await tx.getRepository(EventTypeEntity).delete({ id: row.id });
      await this.audit.record(tx, auth, 'event_type.delete', { type: 'event_type', id: row.id }, { name });
    });
  }
}
