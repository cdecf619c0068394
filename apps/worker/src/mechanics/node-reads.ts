import { EntityManager } from 'typeorm';
import { InputFilter, NodeInputView, NodeReads, Standing } from '@lib/mechanics';
import { MechanicRefEntity } from '@lib/persistence';
import { nodeStandings } from '@lib/ranking';

interface InputRow {
  id: string;
  event_id: string;
  event_type: string;
  participant_id: string;
  occurred_at: Date;
  channel: string | null;
  ref: string | null;
  state: NodeInputView['state'];
  accepted: boolean | null;
  reason: string | null;
  detail: Record<string, unknown>;
  analysis: Record<string, unknown> | null;
  data: Record<string, unknown>;
}

const SELECT_INPUTS = `SELECT m.id, m.event_id, m.event_type, m.participant_id, m.occurred_at, coalesce(e.channel, m.channel) AS channel,
  m.ref, m.state, m.accepted, m.reason, m.detail, m.analysis, e.data
  FROM mechanic_input m JOIN inbound_event e ON e.id = m.event_id`;

export function toView(r: InputRow): NodeInputView {
  return {
    id: r.id,
    eventId: r.event_id,
    type: r.event_type,
    participantId: r.participant_id,
    occurredAt: new Date(r.occurred_at),
    channel: r.channel,
    ref: r.ref,
    state: r.state,
    accepted: r.accepted,
    reason: r.reason,
    detail: r.detail ?? {},
    analysis: r.analysis,
    data: r.data ?? {},
  };
}

/** The runtime's read port for node mechanics, scoped to one node, inside the caller's transaction. */
export class TxNodeReads implements NodeReads {
  constructor(
    private readonly tx: EntityManager,
    private readonly workspaceId: string,
    private readonly nodeId: string,
  ) {}

  async one(inputId: string): Promise<NodeInputView | null> {
    const rows: InputRow[] = await this.tx.query(`${SELECT_INPUTS} WHERE m.id = $1 AND m.workspace_id = $2`, [inputId, this.workspaceId]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async inputs(filter: InputFilter): Promise<NodeInputView[]> {
    const where = ['m.node_id = $1'];
    const params: unknown[] = [this.nodeId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.ids) add('m.id = ANY(?)', filter.ids);
    if (filter.types) add('m.event_type = ANY(?)', filter.types);
    if (filter.participantId) add('m.participant_id = ?', filter.participantId);
    if (filter.refs) add('m.ref = ANY(?)', filter.refs);
    if (filter.states) add('m.state = ANY(?)', filter.states);
    if (filter.accepted !== undefined) add('m.accepted = ?', filter.accepted);
    if (filter.detail) add('m.detail @> ?::jsonb', JSON.stringify(filter.detail));
    const rows: InputRow[] = await this.tx.query(`${SELECT_INPUTS} WHERE ${where.join(' AND ')} ORDER BY m.occurred_at, m.id`, params);
    return rows.map(toView);
  }

  async refHolder(kind: string, value: string): Promise<{ nodeId: string; participantId: string; inputId: string } | null> {
    const ref = await this.tx.getRepository(MechanicRefEntity).findOneBy({ workspaceId: this.workspaceId, kind, value });
    return ref ? { nodeId: ref.nodeId, participantId: ref.participantId, inputId: ref.inputId } : null;
  }

  async entrants(before: Date): Promise<string[]> {
    const rows: { participant_id: string }[] = await this.tx.query(
      `SELECT DISTINCT participant_id FROM activity WHERE node_id = $1 AND workspace_id = $2 AND triggered_at < $3 ORDER BY participant_id`,
      [this.nodeId, this.workspaceId, before],
    );
    return rows.map((r) => r.participant_id);
  }

  /** Served by ix_inbound_event_participant_occurred (participant, occurred_at). */
  async firstSeen(participantId: string): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.tx.query('SELECT min(occurred_at) AS at FROM inbound_event WHERE workspace_id = $1 AND participant_id = $2', [
      this.workspaceId,
      participantId,
    ]);
    return rows[0]?.at ? new Date(rows[0].at) : null;
  }

  async standings(limit: number): Promise<Standing[]> {
    return (await nodeStandings(this.tx, this.nodeId, 0, limit)).map((r) => ({ member: r.member, participantId: r.participantId, score: r.score, tieAt: r.tieAt }));
  }
}
