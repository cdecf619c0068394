import { EntityManager } from 'typeorm';
import { RecordedOpening, StageTiming, stageTimings } from '@lib/domain';
import { CampaignEntity, NodeEntity } from '@lib/persistence';

/**
 * Rollout stage openings are node phases named `rollout:<stage>` (stage 2 onwards): the
 * runtime's own, next to the mechanic's. A done one records the opening: its due_at is when
 * the stage opened and its outcome says why (DELAY or THRESHOLD).
 */
export const ROLLOUT_PHASE_PREFIX = 'rollout:';
export const rolloutPhaseName = (stage: number): string => `${ROLLOUT_PHASE_PREFIX}${stage}`;
export const rolloutStageOf = (phaseName: string): number | null =>
  phaseName.startsWith(ROLLOUT_PHASE_PREFIX) ? Number(phaseName.slice(ROLLOUT_PHASE_PREFIX.length)) || null : null;

/** Stage 1 opens with the node: when the campaign went (or goes) live, or the node window starts if later. */
export function nodeOpenedAt(node: Pick<NodeEntity, 'windowStartsAt'>, campaign: Pick<CampaignEntity, 'startsAt'>): Date | null {
  if (!campaign.startsAt) return null;
  const window = node.windowStartsAt?.getTime() ?? -Infinity;
  return new Date(Math.max(campaign.startsAt.getTime(), window));
}

/** Recorded openings of the given nodes' rollouts, by node id (one query). */
export async function recordedOpenings(db: Pick<EntityManager, 'query'>, nodeIds: string[]): Promise<Map<string, RecordedOpening[]>> {
  const out = new Map<string, RecordedOpening[]>();
  if (nodeIds.length === 0) return out;
  const rows: { node_id: string; name: string; due_at: Date; reason: string | null }[] = await db.query(
    `SELECT node_id, name, due_at, outcome->>'reason' AS reason FROM node_phase
     WHERE node_id = ANY($1::uuid[]) AND state = 'done' AND name LIKE '${ROLLOUT_PHASE_PREFIX}%'`,
    [nodeIds],
  );
  for (const r of rows) {
    const stage = rolloutStageOf(r.name);
    if (stage === null) continue;
    const list = out.get(r.node_id) ?? [];
    list.push({ stage, openedAt: new Date(r.due_at), reason: r.reason === 'THRESHOLD' ? 'THRESHOLD' : 'DELAY' });
    out.set(r.node_id, list);
  }
  return out;
}

/** The node's stage timings, or null when it has no rollout. */
export function rolloutTimings(node: NodeEntity, campaign: CampaignEntity, recorded: RecordedOpening[] = []): StageTiming[] | null {
  return node.rollout ? stageTimings(node.rollout, nodeOpenedAt(node, campaign), recorded) : null;
}
