/**
 * The node-level half of the mechanic contract: contests, draws and every mechanic whose
 * rules span participants (one vote per voter per day, the loudest shout wins). The runtime
 * serialises inputs per (node, lock key), gives the mechanic read access to the node's stored
 * inputs, and carries out the effects it returns in the same transaction as the verdicts.
 * Decisions stay in the mechanic; persistence, locks, timers and queues stay in the runtime.
 */

/** What a node mechanic sees of its node: plain snapshots, reloaded per job. */
export interface NodeContext<TConfig> {
  config: TConfig;
  campaign: { id: string; name: string; timezone: string };
  node: { id: string; name: string; channel: string };
  /** Wall-clock time of this run: for sending decisions only; rules use business time. */
  now: Date;
}

export type StoredInputState = 'pending' | 'analysing' | 'waiting' | 'judged';

/** An input as stored by the runtime (the one being judged, or earlier ones read back). */
export interface NodeInputView {
  id: string;
  eventId: string;
  type: string;
  participantId: string;
  occurredAt: Date;
  channel: string | null;
  /** The reference the input is about (the entry a vote names), if its route has one. */
  ref: string | null;
  state: StoredInputState;
  accepted: boolean | null;
  reason: string | null;
  detail: Record<string, unknown>;
  /** The analysis step's result (e.g. loudness measurements), when the route asks for one. */
  analysis: Record<string, unknown> | null;
  data: Record<string, unknown>;
}

/** A lock key of a node input: exclusive by default, or shared with other inputs holding it shared. */
export type LockKey = string | { key: string; shared: true };

export interface InputFilter {
  ids?: string[];
  types?: string[];
  participantId?: string;
  refs?: string[];
  states?: StoredInputState[];
  accepted?: boolean;
  /** Inputs whose verdict detail contains these values (jsonb containment), e.g. `{ referrerId }`. */
  detail?: Record<string, string | number | boolean>;
}

/** Read access to the node's own records, inside the runtime's transaction. */
export interface NodeReads {
  inputs(filter: InputFilter): Promise<NodeInputView[]>;
  /** The input that registered a reference (an entry id), in any node of the workspace. */
  refHolder(kind: string, value: string): Promise<{ nodeId: string; participantId: string; inputId: string } | null>;
  /** Participants who entered the node (by its trigger) before `before`, in id order. */
  entrants(before: Date): Promise<string[]>;
  /** The node's standings in the fair order (score, then earlier tie time, then member). */
  standings(limit: number): Promise<Standing[]>;
  /** Business time of the first event the workspace received from the participant (any type), if any. */
  firstSeen(participantId: string): Promise<Date | null>;
}

export interface Standing {
  member: string;
  participantId: string;
  score: bigint;
  tieAt: Date;
}

/** A verdict on a stored input: the one being judged, or another one re-judged with it. */
export interface NodeVerdict {
  inputId: string;
  /** waiting: not decidable yet (a vote before its entry); judged again when it can be. */
  state: 'judged' | 'waiting';
  accepted?: boolean;
  reason?: string;
  detail?: Record<string, unknown>;
}

export type NodeEffect =
  /** Register a reference later inputs name (an entry id); the first holder keeps it. */
  | { type: 'ref'; kind: string; value: string; inputId: string; participantId: string }
  /** Set a member's score (null removes it) or add `delta` to it, on the node's standings. */
  | { type: 'rank'; member: string; participantId: string; tieAt: Date; score?: bigint | null; delta?: bigint }
  /** Tell a participant something on the node's channel; `key` makes it once-only. */
  | { type: 'message'; participantId: string; key: string; body: Record<string, unknown> }
  /** A prize through the ledger; `refused` is sent instead when stock or budget is gone. */
  | {
      type: 'award';
      participantId: string;
      sourceKey: string;
      poolId: string;
      fallbackPoolIds?: string[];
      message: { key: string; body: Record<string, unknown> };
      refused: { key: string; body: Record<string, unknown> };
    }
  /** Judge these inputs again (their rule inputs changed: an entry they vote for was refused). */
  | { type: 'rejudge'; inputIds: string[] }
  /** The input's event counts as spread for the campaign (scoring records it). */
  | { type: 'spread'; inputId: string; channel?: string }
  /** Publish the commitment of a verifiable draw's seed (idempotent per node and name). */
  | { type: 'draw-commit'; name: string; winners: number }
  /**
   * Make the draw among these participants (commit–reveal, see docs/ARCHITECTURE.md); each
   * winner gets a prize from `prizePoolId` when set, and every entrant is told the result.
   */
  | { type: 'draw'; name: string; winners: number; entrants: { participantId: string; weight?: number }[]; prizePoolId?: string };

export interface NodeOutcome {
  verdicts: NodeVerdict[];
  effects: NodeEffect[];
  /** For phases: what the phase did, stored on the phase row and shown by explain. */
  summary?: Record<string, unknown>;
}

export interface PhaseSpec {
  name: string;
  at: Date;
}

export interface NodeMechanic<TConfig> {
  /** Whether a node-route event belongs to this node (its window, its seed post). */
  acceptsNodeInput(ctx: NodeContext<TConfig>, input: { type: string; occurredAt: Date; data: Record<string, unknown> }): boolean;
  /**
   * Inputs are judged one at a time per (node, key): the voter for votes, the author for entries.
   * Several keys: the input waits for every one (taken in one fixed order, so never crosswise);
   * a shared key only waits for inputs holding it exclusively (readers of a referrer's place).
   */
  lockKey(input: NodeInputView, ctx: NodeContext<TConfig>): LockKey | readonly LockKey[];
  handleNodeInput(ctx: NodeContext<TConfig>, input: NodeInputView, reads: NodeReads): Promise<NodeOutcome>;
  /** The node's timers (rounds opening and closing, the close that picks winners). */
  phases(ctx: NodeContext<TConfig>): PhaseSpec[];
  runPhase(ctx: NodeContext<TConfig>, phase: { name: string; dueAt: Date }, reads: NodeReads): Promise<NodeOutcome>;
  /** A moderator's decision on an input that registered `ref` (a contest entry), if the mechanic moderates. */
  review?(ctx: NodeContext<TConfig>, input: NodeInputView, review: { decision: 'approve' | 'reject'; reason: string | null; at: Date }, reads: NodeReads): Promise<NodeOutcome>;
  /** The reference kind reviews name (e.g. 'entry'). */
  readonly reviews?: string;
}
