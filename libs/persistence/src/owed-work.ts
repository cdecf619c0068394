import { SPREAD_TYPES_SQL } from './entities/inbound-event.entity';

export type OwedKind = 'event' | 'activation' | 'mechanic-input' | 'analysis' | 'phase' | 'review' | 'deadline' | 'message' | 'spread' | 'verdict' | 'credit';

/**
 * Work Postgres says is unfinished, one entry per kind. The sweeper re-offers it and /health
 * reports it, from this one definition. Every `owed` predicate matches a partial index on
 * `since` that holds only owed rows, so both read owed rows, never the history.
 */
export interface OwedWork {
  kind: OwedKind;
  table: string;
  /** Rows whose work is unfinished (the partial index predicate, plus cheap filters). */
  owed: string;
  /** The indexed column: when the row became owed (or becomes due). */
  since: string;
  /** When the work became due, if later than `since` (a deferred message). */
  dueAt?: string;
  /** Row columns the job payload needs besides id and workspace_id. */
  columns?: string[];
}

export const OWED_WORK: readonly OwedWork[] = [
  // Accepted but not routed.
  { kind: 'event', table: 'inbound_event', owed: 'processed_at IS NULL', since: 'received_at' },
  // Entered a node, mechanic not run.
  { kind: 'activation', table: 'activity', owed: `state = 'pending'`, since: 'created_at' },
  // An input (a post answering an invitation, an entry, a vote) addressed but not judged.
  { kind: 'mechanic-input', table: 'mechanic_input', owed: `state = 'pending'`, since: 'created_at', columns: ['revision'] },
  // An input whose analysis step (loudness) has not reported back.
  { kind: 'analysis', table: 'mechanic_input', owed: `state = 'analysing'`, since: 'created_at' },
  // A moderator's decision the runtime has not applied.
  { kind: 'review', table: 'entry_review', owed: 'applied_at IS NULL', since: 'created_at' },
  // A node phase (round close, draw) that is due.
  { kind: 'phase', table: 'node_phase', owed: `state = 'pending'`, since: 'due_at' },
  // Invitation still open; owed once its deadline has passed.
  { kind: 'deadline', table: 'activity', owed: `state = 'invited'`, since: 'deadline_at' },
  // Not sent; a deferred one is owed from the end of its deferral.
  { kind: 'message', table: 'outbound_message', owed: `status = 'pending'`, since: 'created_at', dueAt: 'coalesce(deferred_until, created_at)' },
  // A spread event routed (and judged, if addressed) but not recorded by scoring.
  {
    kind: 'spread',
    table: 'inbound_event',
    owed: `scored_at IS NULL AND type IN (${SPREAD_TYPES_SQL}) AND processed_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM mechanic_input m WHERE m.event_id = inbound_event.id AND m.state IN ('pending', 'analysing'))`,
    since: 'processed_at',
  },
  // A post scoring recorded as waiting whose mechanic has judged it since: recorded again.
  {
    kind: 'verdict',
    table: `(SELECT m.event_id AS id, m.workspace_id, m.judged_at, m.revision FROM spread_event s
      JOIN mechanic_input m ON m.event_id = s.inbound_event_id AND m.state = 'judged'
      WHERE s.status = 'pending_parent' AND s.reason = 'WAITING_FOR_INVITATION') AS waiting`,
    owed: 'true',
    since: 'judged_at',
    columns: ['revision'],
  },
  // Counted in Postgres, Redis credit not confirmed.
  { kind: 'credit', table: 'spread_event', owed: `status = 'counted' AND credited_at IS NULL`, since: 'recorded_at' },
];

/** SQL condition: rows of `w` owed and due before the timestamp parameter `param`. */
export function owedBefore(w: OwedWork, param: string): string {
  const due = w.dueAt ? ` AND ${w.dueAt} < ${param}` : '';
  return `${w.owed} AND ${w.since} < ${param}${due}`;
}
