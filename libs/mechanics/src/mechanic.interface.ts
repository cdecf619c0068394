import { ActivityState, MechanicKind } from '@lib/domain';

export type ClassConstructor<T> = new () => T;

/** What a mechanic sees of the world: plain snapshots, reloaded by the runner per job. */
export interface MechanicContext<TConfig> {
  config: TConfig;
  campaign: { id: string; name: string; timezone: string };
  node: { id: string; name: string; channel: string };
  activity: {
    id: string;
    state: ActivityState;
    result: Record<string, unknown>;
    deadlineAt: Date | null;
    /** Business time of the trigger event: rules count from here, never from when the row was made. */
    triggeredAt: Date;
  };
  /** The activity's messages so far (purpose and delivery status). */
  messages: { purpose: string; status: string }[];
  /** Wall-clock time of this run: only for decisions about sending (is a deadline already past?). */
  now: Date;
}

/** An event addressed to one activity (e.g. the post that answers an invitation). */
export interface MechanicInput {
  event: { id: string; type: string; occurredAt: Date; channel: string | null; data: Record<string, unknown> };
}

/** Side effects the runner carries out in the same transaction as the state change. */
export type MechanicEffect =
  /** `expiresAt`: the message is pointless after this instant and is then not sent. */
  | { type: 'message'; purpose: string; body: Record<string, unknown>; expiresAt?: Date }
  | { type: 'deadline'; at: Date };

export interface MechanicOutcome {
  state: ActivityState;
  result: Record<string, unknown>;
  effects: MechanicEffect[];
  /** Why the activity is in this state, when it ended (shown by explain). */
  reason?: string;
  /** For inputs: whether the event was accepted, and if not, a stable reason code. */
  verdict?: {
    accepted: boolean;
    reason?: string;
    /** The network the answer was expected on; weights its spread event when the event names none. */
    channel?: string;
  };
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
  /**
   * Whether an event that names no activity (a post with no invitation id) answers this one,
   * e.g. because it carries the campaign topic in time. Mechanics without it are only
   * answered by events that name them.
   */
  claims?(ctx: MechanicContext<TConfig>, input: MechanicInput): boolean;
  /** The deadline passed: close the activity if it is still open. */
  expire(ctx: MechanicContext<TConfig>): MechanicOutcome | null;
}
