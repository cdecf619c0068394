import { ActivityState, MechanicKind } from '@lib/domain';

export type ClassConstructor<T> = new () => T;

/** What a mechanic sees of the world: plain snapshots, reloaded by the runner per job. */
export interface MechanicContext<TConfig> {
  config: TConfig;
  campaign: { id: string; name: string; timezone: string };
  node: { id: string; name: string; channel: string };
  activity: { id: string; state: ActivityState; result: Record<string, unknown>; deadlineAt: Date | null; createdAt: Date };
  now: Date;
}

/** An event addressed to one activity (e.g. the post that answers an invitation). */
export interface MechanicInput {
  event: { id: string; type: string; occurredAt: Date; channel: string | null; data: Record<string, unknown> };
}

/** Side effects the runner carries out in the same transaction as the state change. */
export type MechanicEffect =
  | { type: 'message'; purpose: string; body: Record<string, unknown> }
  | { type: 'deadline'; at: Date }
  | { type: 'spread' };

export interface MechanicOutcome {
  state: ActivityState;
  result: Record<string, unknown>;
  effects: MechanicEffect[];
  /** For inputs: whether the event was accepted, and if not, a stable reason code. */
  verdict?: { accepted: boolean; reason?: string };
}

/**
 * An interaction mechanic. Implementations are pure decisions over the context: the
 * worker's runner persists outcomes and performs effects, which keeps every mechanic
 * idempotent by construction and testable without Postgres or Redis.
 */
export interface MechanicHandler<TConfig extends object = object> {
  readonly kind: MechanicKind;
  readonly configClass: ClassConstructor<TConfig>;
  /** Current config schema version; older stored configs pass through upgradeConfig. */
  readonly configVersion: number;
  /** Event types that answer an open activity of this mechanic (looked up by data.invitationId). */
  readonly inputEventTypes: readonly string[];
  upgradeConfig?(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  activate(ctx: MechanicContext<TConfig>): MechanicOutcome;
  handle(ctx: MechanicContext<TConfig>, input: MechanicInput): MechanicOutcome;
  /** The deadline passed: close the activity if it is still open. */
  expire(ctx: MechanicContext<TConfig>): MechanicOutcome | null;
}
