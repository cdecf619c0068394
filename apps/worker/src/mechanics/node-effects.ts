import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DrawBook } from '@lib/draws';
import { Ledger } from '@lib/ledger';
import { NodeEffect } from '@lib/mechanics';
import { returning } from '@lib/persistence';
import { spreadKindOf } from '@lib/routing';
import { AfterCommit, nothingAfter } from './outcome-applier';
import { InputRows } from './input-rows';
import { LoadedNode } from './node-context.loader';

type Of<T extends NodeEffect['type']> = Extract<NodeEffect, { type: T }>;
type Apply<T extends NodeEffect['type']> = (tx: EntityManager, loaded: LoadedNode, effect: Of<T>, after: AfterCommit) => Promise<void>;

/**
 * Carries out a node mechanic's effects inside the caller's transaction; whatever touches
 * Redis is listed in the AfterCommit. Each effect is idempotent on its own key (the ref, the
 * member, the message key, the award's source key), so a repeated outcome changes nothing.
 */
@Injectable()
export class NodeEffects {
  private readonly appliers: { [T in NodeEffect['type']]: Apply<T> } = {
    ref: (tx, l, e, after) => this.ref(tx, l, e, after),
    rank: (tx, l, e, after) => this.rank(tx, l, e, after),
    message: async (tx, l, e, after) => {
      after.messageIds.push(...(await this.message(tx, l, e.participantId, e.key, e.body)));
    },
    spread: (tx, _loaded, e, after) => this.spread(tx, e, after),
    rejudge: async (tx, _loaded, e, after) => {
      after.inputs.push(...(await this.rows.reopen(tx, e.inputIds)));
    },
    award: (tx, l, e, after) => this.award(tx, l, e, after),
    'draw-commit': async (tx, l, e) => {
      await this.draws.commit(tx, { workspaceId: l.node.workspaceId, campaignId: l.campaign.id, nodeId: l.node.id, name: e.name, winnersCount: e.winners });
    },
    draw: (tx, l, e, after) => this.draw(tx, l, e, after),
  };

  constructor(
    private readonly rows: InputRows,
    private readonly draws: DrawBook,
    private readonly ledger: Ledger,
  ) {}

  async apply(tx: EntityManager, loaded: LoadedNode, effects: NodeEffect[]): Promise<AfterCommit> {
    const after = nothingAfter();
    for (const effect of effects) await (this.appliers[effect.type] as Apply<typeof effect.type>)(tx, loaded, effect, after);
    return after;
  }

  /** The first input to register a value holds it; inputs that waited for it join the node. */
  private async ref(tx: EntityManager, loaded: LoadedNode, e: Of<'ref'>, after: AfterCommit): Promise<void> {
    const held: unknown[] = await tx.query(
      `INSERT INTO mechanic_ref (workspace_id, kind, value, campaign_id, node_id, participant_id, input_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING value`,
      [loaded.node.workspaceId, e.kind, e.value, loaded.campaign.id, loaded.node.id, e.participantId, e.inputId],
    );
    if (held.length === 0) return;
    const types = loaded.handler.inputs.filter((r) => r.address.by === 'ref' && r.address.kind === e.kind).map((r) => r.type);
    after.inputs.push(...(await this.rows.adopt(tx, { workspaceId: loaded.node.workspaceId, value: e.value, nodeId: loaded.node.id, campaignId: loaded.campaign.id, types })));
  }

  private async rank(tx: EntityManager, loaded: LoadedNode, e: Of<'rank'>, after: AfterCommit): Promise<void> {
    const { node } = loaded;
    if (e.score === null) {
      await tx.query('DELETE FROM node_standing WHERE node_id = $1 AND member = $2', [node.id, e.member]);
    } else if (e.delta !== undefined) {
      await tx.query(
        `INSERT INTO node_standing (node_id, member, workspace_id, participant_id, score, tie_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (node_id, member) DO UPDATE SET score = node_standing.score + EXCLUDED.score, updated_at = now()`,
        [node.id, e.member, node.workspaceId, e.participantId, e.delta.toString(), e.tieAt],
      );
    } else if (e.score !== undefined) {
      await tx.query(
        `INSERT INTO node_standing (node_id, member, workspace_id, participant_id, score, tie_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (node_id, member) DO UPDATE SET score = EXCLUDED.score, tie_at = EXCLUDED.tie_at, updated_at = now()`,
        [node.id, e.member, node.workspaceId, e.participantId, e.score.toString(), e.tieAt],
      );
    }
    if (!after.standingNodes.includes(node.id)) after.standingNodes.push(node.id);
  }

  private async spread(tx: EntityManager, e: Of<'spread'>, after: AfterCommit): Promise<void> {
    const rows = await returning<{ event_id: string; event_type: string; revision: number }>(
      tx,
      `UPDATE mechanic_input SET channel = coalesce($2, channel) WHERE id = $1 RETURNING event_id, event_type, revision`,
      [e.inputId, e.channel ?? null],
    );
    for (const r of rows) if (spreadKindOf(r.event_type)) after.scored.push({ eventId: r.event_id, revision: r.revision });
  }

  /**
   * A prize through the ledger, named after the participant's activity on the node; the source
   * key makes a repeat the same award. Out of stock or budget: the declared refusal message.
   */
  private async award(tx: EntityManager, loaded: LoadedNode, e: Of<'award'>, after: AfterCommit): Promise<void> {
    const activityId = await this.participation(tx, loaded, e.participantId);
    const result = await this.ledger.award(tx, {
      workspaceId: loaded.node.workspaceId,
      campaignId: loaded.campaign.id,
      participantId: e.participantId,
      activityId,
      nodeId: loaded.node.id,
      sourceKey: e.sourceKey,
      kind: 'prize',
      poolId: e.poolId,
      fallbackPoolIds: e.fallbackPoolIds,
    });
    const [key, body] =
      result.status === 'refused'
        ? [e.refused.key, { ...e.refused.body, prize: null, refusedBecause: result.reason }]
        : [e.message.key, { ...e.message.body, prize: { ledgerEntryId: result.entryId, poolId: result.poolId, amountMinor: result.amountMinor } }];
    after.messageIds.push(...(await this.message(tx, loaded, e.participantId, key, body)));
  }

  /** Commit (if a late phase skipped it) and make the draw; every entrant hears the result. */
  private async draw(tx: EntityManager, loaded: LoadedNode, e: Of<'draw'>, after: AfterCommit): Promise<void> {
    const ids = { workspaceId: loaded.node.workspaceId, campaignId: loaded.campaign.id, nodeId: loaded.node.id };
    const committed = await this.draws.commit(tx, { ...ids, name: e.name, winnersCount: e.winners });
    const drawn = await this.draws.drawNow(tx, ids.workspaceId, committed.id, e.entrants);
    const positions = new Map((drawn.winners ?? []).map((w) => [w.participantId, w.position]));
    for (const { participantId } of e.entrants) {
      const position = positions.get(participantId);
      const body = { kind: 'draw.result', drawId: drawn.id, name: e.name, won: position !== undefined, position: position ?? null, entrantId: this.draws.pseudonymOf(drawn.id, participantId) };
      if (position !== undefined && e.prizePoolId) {
        await this.appliers.award(tx, loaded, { type: 'award', participantId, sourceKey: `draw:${drawn.id}:${participantId}`, poolId: e.prizePoolId, message: { key: `draw.${drawn.id}`, body }, refused: { key: `draw.${drawn.id}`, body: { ...body, prize: null } } }, after);
      } else {
        after.messageIds.push(...(await this.message(tx, loaded, participantId, `draw.${drawn.id}`, body)));
      }
    }
  }

  /**
   * A message to a participant of the node: attached to their activity on it, created as a
   * participation the first time (messages are keyed by activity and purpose).
   */
  async message(tx: EntityManager, loaded: LoadedNode, participantId: string, key: string, body: Record<string, unknown>): Promise<string[]> {
    const { node, campaign } = loaded;
    const activityId = await this.participation(tx, loaded, participantId);
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO outbound_message (workspace_id, campaign_id, activity_id, participant_id, channel, purpose, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [node.workspaceId, campaign.id, activityId, participantId, node.channel, key, JSON.stringify(body)],
    );
    return rows.map((r) => r.id);
  }

  private async participation(tx: EntityManager, loaded: LoadedNode, participantId: string): Promise<string> {
    const { node, campaign } = loaded;
    const existing: { id: string }[] = await tx.query('SELECT id FROM activity WHERE node_id = $1 AND participant_id = $2 ORDER BY created_at, id LIMIT 1', [
      node.id,
      participantId,
    ]);
    if (existing[0]) return existing[0].id;
    // The participant's first input on the node is what they took part with.
    const created: { id: string }[] = await tx.query(
      `INSERT INTO activity (workspace_id, campaign_id, node_id, participant_id, trigger_event_id, reentry_key, triggered_at, state)
       SELECT $1, $2, $3, $4, m.event_id, 'participation', m.occurred_at, 'invited'
       FROM mechanic_input m WHERE m.node_id = $3 AND m.participant_id = $4 ORDER BY m.occurred_at, m.id LIMIT 1
       ON CONFLICT (node_id, participant_id, reentry_key) DO UPDATE SET updated_at = activity.updated_at RETURNING id`,
      [node.workspaceId, campaign.id, node.id, participantId],
    );
    return created[0].id;
  }
}
