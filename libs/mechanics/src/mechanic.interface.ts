import { ActivityState, MechanicKind } from '@lib/domain';
import type { NodeMechanic } from './node-mechanic.interface';

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
  | { type: 'deadline'; at: Date }
  /** The answered event counts as spread for the campaign: scoring records it (on `channel` when it names none). */
  | { type: 'spread'; channel?: string }
  /** Allocate `count` codes of the pool to the participant at business time `at` and message them under `purpose`. */
  | { type: 'codes'; poolId: string; count: number; purpose: string; at: Date };

/**
 * How events of a type find this mechanic:
 * - invitation: `data[field]` names the activity (a post answering its invitation);
 * - claim: `claims()` picks among the author's open activities (a post found by its topic);
 * - node: the node itself takes it, when `acceptsNodeInput()` says so (a contest entry);
 * - ref: `data[field]` is a reference another input registered (a vote names an entry id).
 * The first two are answered by `handle`, the last two by `handleNodeInput`.
 */
export type InputAddress =
  | { by: 'invitation'; field: string }
  | { by: 'claim' }
  | { by: 'node' }
  | { by: 'ref'; kind: string; field: string };

export interface InputRoute {
  type: string;
  address: InputAddress;
  /** A slow analysis step (see ANALYSERS) run off the lock before the mechanic judges. */
  analyse?: string;
}

export interface MechanicOutcome {
  state: ActivityState;
  result: Record<string, unknown>;
  effects: MechanicEffect[];
  /** Why the activity is in this state, when it ended (shown by explain). */
  reason?: string;
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
  /** The event types this mechanic takes and how each finds its activity or node. */
  readonly inputs: readonly InputRoute[];
  upgradeConfig?(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  activate(ctx: MechanicContext<TConfig>): MechanicOutcome;
  /** An event addressed to one activity (invitation or claim routes). */
  handle?(ctx: MechanicContext<TConfig>, input: MechanicInput): MechanicOutcome;
  /**
   * Whether an event that names no activity (a post with no invitation id) answers this one,
   * e.g. because it carries the campaign topic in time. Mechanics without it are only
   * answered by events that name them.
   */
  claims?(ctx: MechanicContext<TConfig>, input: MechanicInput): boolean;
  /** The deadline passed: close the activity if it is still open. */
  expire(ctx: MechanicContext<TConfig>): MechanicOutcome | null;
  /** Node-level inputs, phases and standings (contests, draws); absent for per-activity mechanics. */
  readonly node?: NodeMechanic<TConfig>;
}

/** Event types a mechanic takes by a given kind of address. */
export function inputTypes(handler: Pick<MechanicHandler, 'inputs'>, ...by: InputAddress['by'][]): string[] {
  return [...new Set(handler.inputs.filter((r) => by.length === 0 || by.includes(r.address.by)).map((r) => r.type))];
}
