import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboundEventEntity, InputRouteKind, MechanicInputEntity, MechanicInputState, returning } from '@lib/persistence';

/** What a job needs to judge an input. */
export interface InputJob {
  id: string;
  state: MechanicInputState;
  revision: number;
}

/** A mechanic_input row to create. */
export interface NewInput {
  workspaceId: string;
  eventId: string;
  eventType: string;
  participantId: string;
  occurredAt: Date;
  campaignId: string | null;
  nodeId: string | null;
  activityId: string | null;
  route: InputRouteKind;
  ref: string | null;
  state: MechanicInputState;
  accepted?: boolean;
  reason?: string;
}

/**
 * The mechanic runtime's table, mechanic_input: every write to it goes through here (the
 * runtime owns it; scoring and explain only read it).
 */
@Injectable()
export class InputRows {
  static fromEvent(e: InboundEventEntity): Pick<NewInput, 'workspaceId' | 'eventId' | 'eventType' | 'participantId' | 'occurredAt'> {
    return { workspaceId: e.workspaceId, eventId: e.id, eventType: e.type, participantId: e.participantId, occurredAt: e.occurredAt };
  }

  /** Inserts, skipping (event, node) pairs already recorded; returns the rows created. */
  async insert(tx: EntityManager, rows: NewInput[]): Promise<InputJob[]> {
    if (rows.length === 0) return [];
    const col = <T>(pick: (r: NewInput) => T): T[] => rows.map(pick);
    return tx.query(
      `INSERT INTO mechanic_input (workspace_id, event_id, event_type, participant_id, occurred_at, campaign_id, node_id, activity_id, route, ref, state, accepted, reason, judged_at)
       SELECT t.ws, t.eid, t.etype, t.pid, t.at, t.cid, t.nid, t.aid, t.route, t.ref, t.state, t.accepted, t.reason, CASE WHEN t.state = 'judged' THEN clock_timestamp() END
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::text[])
         AS t(ws, eid, etype, pid, at, cid, nid, aid, route, ref, state, accepted, reason)
       ON CONFLICT DO NOTHING
       RETURNING id, state, revision`,
      [
        col((r) => r.workspaceId),
        col((r) => r.eventId),
        col((r) => r.eventType),
        col((r) => r.participantId),
        col((r) => r.occurredAt),
        col((r) => r.campaignId),
        col((r) => r.nodeId),
        col((r) => r.activityId),
        col((r) => r.route),
        col((r) => r.ref),
        col((r) => r.state),
        col((r) => r.accepted ?? null),
        col((r) => r.reason ?? null),
      ],
    );
  }

  /** Event id → its inputs' routes, for events already addressed. */
  async eventsWithInputs(tx: EntityManager, eventIds: string[]): Promise<Map<string, InputRouteKind[]>> {
    const rows: { event_id: string; route: InputRouteKind }[] = await tx.query('SELECT event_id, route FROM mechanic_input WHERE event_id = ANY($1)', [eventIds]);
    const out = new Map<string, InputRouteKind[]>();
    for (const r of rows) out.set(r.event_id, [...(out.get(r.event_id) ?? []), r.route]);
    return out;
  }

  /** Locks and returns one input (a redelivered job finds it judged and does nothing). */
  lock(tx: EntityManager, workspaceId: string, inputId: string): Promise<MechanicInputEntity | null> {
    return tx.getRepository(MechanicInputEntity).findOne({ where: { id: inputId, workspaceId }, lock: { mode: 'pessimistic_write' } });
  }

  async verdict(
    tx: EntityManager,
    inputId: string,
    v: { state: 'judged' | 'waiting'; accepted?: boolean | null; reason?: string | null; channel?: string | null; detail?: Record<string, unknown> },
  ): Promise<void> {
    await tx.query(
      // Each verdict is a new revision: the hand-off to scoring after it gets a job id of its own.
      `UPDATE mechanic_input SET state = $2, accepted = $3, reason = $4, channel = coalesce($5, channel), detail = coalesce($6::jsonb, detail),
         judged_at = CASE WHEN $2 = 'judged' THEN clock_timestamp() ELSE judged_at END, revision = revision + 1
       WHERE id = $1`,
      [inputId, v.state, v.state === 'judged' ? (v.accepted ?? false) : null, v.reason ?? null, v.channel ?? null, v.detail ? JSON.stringify(v.detail) : null],
    );
  }

  async analysed(tx: EntityManager, inputId: string, analysis: Record<string, unknown>): Promise<boolean> {
    const done = await returning(tx, `UPDATE mechanic_input SET analysis = $2, state = 'pending' WHERE id = $1 AND state = 'analysing' RETURNING id`, [
      inputId,
      JSON.stringify(analysis),
    ]);
    return done.length > 0;
  }

  /** Inputs waiting for a reference that has just been registered now belong to its node. */
  async adopt(tx: EntityManager, ref: { workspaceId: string; value: string; nodeId: string; campaignId: string; types: string[] }): Promise<InputJob[]> {
    return returning<InputJob>(
      tx,
      `UPDATE mechanic_input SET node_id = $3, campaign_id = $4, state = 'pending', reason = NULL, revision = revision + 1
       WHERE workspace_id = $1 AND route = 'ref' AND ref = $2 AND node_id IS NULL AND event_type = ANY($5) RETURNING id, state, revision`,
      [ref.workspaceId, ref.value, ref.nodeId, ref.campaignId, ref.types],
    );
  }

  /** Moves inputs back to pending so the runtime judges them again (their rule inputs changed). */
  async reopen(tx: EntityManager, inputIds: string[]): Promise<InputJob[]> {
    if (inputIds.length === 0) return [];
    return returning<InputJob>(tx, `UPDATE mechanic_input SET state = 'pending', revision = revision + 1 WHERE id = ANY($1) AND state IN ('waiting', 'judged') RETURNING id, state, revision`, [
      inputIds,
    ]);
  }
}
