import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { DomainError, ErrorCodes, MECHANIC_KINDS, MechanicKind } from '@lib/domain';
import { InputAddress, InputRoute, MechanicHandler } from './mechanic.interface';

export const MECHANIC_HANDLER_LIST = Symbol('MECHANIC_HANDLER_LIST');

/**
 * Kind → handler. Built once at boot; refuses to start on a duplicate kind or on a kind
 * with no handler, so a half-registered mechanic never reaches production.
 */
@Injectable()
export class MechanicRegistry {
  private readonly byKind = new Map<MechanicKind, MechanicHandler>();

  constructor(@Inject(MECHANIC_HANDLER_LIST) handlers: MechanicHandler[]) {
    for (const handler of handlers) {
      if (this.byKind.has(handler.kind)) throw new Error(`mechanic kind '${handler.kind}' is registered twice`);
      this.byKind.set(handler.kind, handler);
    }
    const missing = MECHANIC_KINDS.filter((kind) => !this.byKind.has(kind));
    if (missing.length > 0) throw new Error(`mechanic kinds without a handler: ${missing.join(', ')}`);
  }

  kinds(): MechanicKind[] {
    return [...this.byKind.keys()];
  }

  get(kind: string): MechanicHandler {
    const handler = this.byKind.get(kind as MechanicKind);
    if (!handler) {
      throw new DomainError(ErrorCodes.MECHANIC_UNKNOWN_KIND, `unknown mechanic kind '${kind}'`, 'validation', { known: this.kinds() });
    }
    return handler;
  }

  /** Mechanic kinds whose activities an event of this type can answer without naming them. */
  claimingKinds(eventType: string): MechanicKind[] {
    return this.routesFor(eventType, 'claim').map((r) => r.kind);
  }

  /** Every (mechanic, route) an event of this type can take, optionally of one address kind. */
  routesFor(eventType: string, by?: InputAddress['by']): { kind: MechanicKind; route: InputRoute }[] {
    return [...this.byKind.values()].flatMap((h) =>
      h.inputs.filter((r) => r.type === eventType && (by === undefined || r.address.by === by)).map((route) => ({ kind: h.kind, route })),
    );
  }

  /** Validates (and upgrades) a node config; returns the typed config with defaults applied. */
  parseConfig(kind: string, raw: unknown, version?: number): object {
    const handler = this.get(kind);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new DomainError(ErrorCodes.MECHANIC_CONFIG_INVALID, 'config must be an object', 'validation');
    }
    const from = version ?? handler.configVersion;
    const upgraded = from < handler.configVersion && handler.upgradeConfig ? handler.upgradeConfig(raw as Record<string, unknown>, from) : raw;
    const config = plainToInstance(handler.configClass, upgraded);
    const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw new DomainError(ErrorCodes.MECHANIC_CONFIG_INVALID, `invalid ${kind} config`, 'validation', {
        problems: flatten(errors),
      });
    }
    return config;
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m)),
    ...flatten(e.children ?? [], prefix ? `${prefix}.${e.property}` : e.property),
  ]);
}
