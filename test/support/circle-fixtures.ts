import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CircleMoves } from '@lib/circles';

export const DAY = 86_400_000;

/** Members, events, completed activities and counted spread for circle specs, written straight to the tables. */
export class CircleFixtures {
  constructor(
    private readonly db: DataSource,
    private readonly moves: CircleMoves,
    readonly workspaceId: string,
  ) {}

  /** A participant placed in `circle` at business time `since`. */
  async member(externalId: string, circle: string, since: Date): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO participant (workspace_id, external_id) VALUES ($1, $2) RETURNING id`, [this.workspaceId, externalId]);
    await this.db.transaction((tx) =>
      this.moves.move(tx, { workspaceId: this.workspaceId, participantId: id, to: circle, reason: 'MARKETER_DECISION', actor: { type: 'api_key', id: 'fixture' }, at: since }),
    );
    return id;
  }

  async event(participantId: string, occurredAt: Date, type = 'purchase'): Promise<string> {
    const [{ id }] = await this.db.query(
      `INSERT INTO inbound_event (workspace_id, idempotency_key, type, participant_id, occurred_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [this.workspaceId, randomUUID(), type, participantId, occurredAt],
    );
    return id;
  }

  /** An activity completed by an event at `completedAt` (business time); `state` other than completed to check it is not counted. */
  async completedActivity(participantId: string, completedAt: Date, state = 'completed'): Promise<void> {
    const trigger = await this.event(participantId, new Date(completedAt.getTime() - 3_600_000));
    const completing = await this.event(participantId, completedAt, 'social-post');
    await this.db.query(
      `INSERT INTO activity (workspace_id, campaign_id, node_id, participant_id, trigger_event_id, reentry_key, triggered_at, state, completed_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [this.workspaceId, randomUUID(), randomUUID(), participantId, trigger, randomUUID(), new Date(completedAt.getTime() - 3_600_000), state, completing],
    );
  }

  async spread(participantId: string, occurredAt: Date, weight: number, status = 'counted'): Promise<void> {
    const inbound = await this.event(participantId, occurredAt, 'repost');
    await this.db.query(
      `INSERT INTO spread_event (workspace_id, inbound_event_id, actor_id, kind, channel, weight, status, occurred_at) VALUES ($1, $2, $3, 'repost', 'sandbox', $4, $5, $6)`,
      [this.workspaceId, inbound, participantId, weight, status, occurredAt],
    );
  }

  async circles(): Promise<Record<string, string | null>> {
    const rows: { external_id: string; circle: string | null }[] = await this.db.query(`SELECT external_id, circle FROM participant WHERE workspace_id = $1`, [this.workspaceId]);
    return Object.fromEntries(rows.map((r) => [r.external_id, r.circle]));
  }

  /** Rule-made moves (not the fixtures' own placements), oldest first. */
  async ruleMoves(): Promise<{ who: string; from: string | null; to: string | null; reason: string; actor: string }[]> {
    const rows: { external_id: string; from_circle: string | null; to_circle: string | null; reason: string; actor_id: string }[] = await this.db.query(
      `SELECT p.external_id, m.from_circle, m.to_circle, m.reason, m.actor_id FROM circle_move m JOIN participant p ON p.id = m.participant_id
       WHERE m.workspace_id = $1 AND m.actor_type = 'rule' ORDER BY p.external_id, m.created_at`,
      [this.workspaceId],
    );
    return rows.map((r) => ({ who: r.external_id, from: r.from_circle, to: r.to_circle, reason: r.reason, actor: r.actor_id }));
  }
}
