import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCodes, MechanicKind, formatCode, kFactors } from '@lib/domain';
import { NodeEntity } from '@lib/persistence';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);
const byReason = (rows: Row[]): Record<string, number> => Object.fromEntries(rows.map((r) => [String(r.reason), num(r.n)]));
/** A person's placing sign-up (one per person and node; repeats and refusals to take part are not). */
const placed = (a = '') => `${a}event_type = 'signup' AND ${a}state = 'judged' AND ${a}accepted AND ${a}detail->>'role' IN ('seed', 'referee')`;
const PLACED = placed();

/**
 * A referral node as the marketer reads it, from the mechanic runtime's records (mechanic_input
 * verdicts, the tree's source of truth), the spread cascade scoring built from them, and the
 * ledger. Scoring does not import the mechanic: it reads the verdict details the mechanic wrote.
 */
@Injectable()
export class ReferralsService {
  constructor(private readonly db: DataSource) {}

  async node(workspaceId: string, campaignId: string, nodeId: string): Promise<NodeEntity> {
    const node = await this.db.getRepository(NodeEntity).findOneBy({ id: nodeId, campaignId, workspaceId });
    if (!node) throw new DomainError(ErrorCodes.NODE_NOT_FOUND, `node ${nodeId} not found in campaign ${campaignId}`, 'not_found');
    if (node.mechanicKind !== MechanicKind.Referral) throw new DomainError(ErrorCodes.REFERRAL_NOT_A_REFERRAL_NODE, `node ${nodeId} is a ${node.mechanicKind} node`, 'not_found');
    return node;
  }

  async summary(workspaceId: string, campaignId: string, nodeId: string) {
    await this.node(workspaceId, campaignId, nodeId);
    const q = (sql: string, extra: unknown[] = []): Promise<Row[]> => this.db.query(sql, [nodeId, workspaceId, ...extra]);
    const [tree, cascade, refusals, unjudged, earned, rewardRefusals, awaiting, ledger] = await Promise.all([
      q(`SELECT (detail->>'generation')::int AS depth, count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND ${PLACED} GROUP BY 1`),
      // What scoring counted under this node's places (depth = generation), by each person's first depth.
      q(
        `SELECT d AS depth, count(*) AS n FROM (SELECT actor_id, min(depth) AS d FROM spread_event
           WHERE workspace_id = $2 AND campaign_id = $3 AND status = 'counted' AND post_ref LIKE 'referral:' || $1::text || ':%' GROUP BY actor_id) f GROUP BY d`,
        [campaignId],
      ),
      q(`SELECT reason, count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND event_type = 'signup' AND reason IS NOT NULL GROUP BY 1 ORDER BY 1`),
      q(`SELECT count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND state <> 'judged'`),
      q(`SELECT count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND event_type <> 'signup' AND accepted`),
      q(`SELECT reason, count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND event_type <> 'signup' AND state = 'judged' AND NOT accepted GROUP BY 1 ORDER BY 1`),
      q(
        `SELECT count(*) AS n FROM mechanic_input s WHERE s.node_id = $1 AND s.workspace_id = $2 AND ${placed('s.')} AND s.detail->>'role' = 'referee'
           AND NOT EXISTS (SELECT 1 FROM mechanic_input a WHERE a.node_id = $1 AND a.participant_id = s.participant_id AND a.event_type <> 'signup' AND a.accepted)`,
      ),
      q(`SELECT state, count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM ledger_entry WHERE node_id = $1 AND workspace_id = $2 AND source_key LIKE 'referral:%' GROUP BY 1`),
    ]);
    const treeK = kFactors(new Map(tree.map((r) => [num(r.depth), num(r.n)])));
    const cascadeK = kFactors(new Map(cascade.map((r) => [num(r.depth), num(r.n)])));
    return {
      nodeId,
      placed: tree.reduce((s, r) => s + num(r.n), 0),
      pending: num(unjudged[0]?.n),
      // The tree as the mechanic placed people (generation 0 = seeds).
      generations: treeK.byGeneration.map((g) => ({ generation: g.depth, participants: g.participants, k: g.k })),
      kFactor: treeK.overall,
      // The same as the campaign's spread cascade counts it (outcomes' K-factor per generation).
      cascade: { generations: cascadeK.byGeneration.map((g) => ({ generation: g.depth, participants: g.participants, k: g.k })), kFactor: cascadeK.overall },
      refusals: byReason(refusals),
      rewards: {
        earned: num(earned[0]?.n),
        refused: byReason(rewardRefusals),
        awaitingQualifyingAction: num(awaiting[0]?.n),
        ledger: Object.fromEntries(ledger.map((r) => [String(r.state), { entries: num(r.n), amountMinor: num(r.minor) }])),
      },
    };
  }

  /** One person's place: code, link, generation, referrer, referees and rewards. */
  async participant(workspaceId: string, campaignId: string, nodeId: string, externalId: string) {
    await this.node(workspaceId, campaignId, nodeId);
    const [person] = await this.db.query('SELECT id FROM participant WHERE workspace_id = $1 AND external_id = $2', [workspaceId, externalId]);
    if (!person) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, `participant ${externalId} not found`, 'not_found');
    const pid = String(person.id);
    const [place]: { reason: string | null; occurred_at: Date; detail: Record<string, unknown> }[] = await this.db.query(
      `SELECT reason, occurred_at, detail FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND participant_id = $3 AND ${PLACED} ORDER BY occurred_at, id LIMIT 1`,
      [nodeId, workspaceId, pid],
    );
    if (!place) throw new DomainError(ErrorCodes.REFERRAL_NOT_PLACED, `participant ${externalId} has not entered referral node ${nodeId}`, 'not_found');
    const d = place.detail;
    const count = async (sql: string, params: unknown[]) => num((await this.db.query(sql, params))[0]?.n);
    const referrerId = typeof d.referrerId === 'string' ? d.referrerId : null;
    const [referrer] = referrerId ? await this.db.query('SELECT external_id FROM participant WHERE workspace_id = $1 AND id = $2', [workspaceId, referrerId]) : [];
    const code = String(d.code);
    return {
      participantId: externalId,
      role: d.role,
      code,
      formattedCode: formatCode(code),
      link: d.link ?? null,
      generation: num(d.generation),
      referrer: referrer ? String(referrer.external_id) : null,
      enteredAt: new Date(place.occurred_at).toISOString(),
      // Why a code this person arrived with did not make them a referee (explain has it per event).
      attributionRefused: place.reason,
      referees: await count(`SELECT count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND ${PLACED} AND detail @> $3::jsonb`, [
        nodeId,
        workspaceId,
        JSON.stringify({ referrerId: pid }),
      ]),
      rewardsEarned: await count(`SELECT count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND event_type <> 'signup' AND accepted AND detail @> $3::jsonb`, [
        nodeId,
        workspaceId,
        JSON.stringify({ referrerId: pid }),
      ]),
      qualified:
        (await count(`SELECT count(*) AS n FROM mechanic_input WHERE node_id = $1 AND workspace_id = $2 AND participant_id = $3 AND event_type <> 'signup' AND accepted`, [nodeId, workspaceId, pid])) > 0,
    };
  }
}
