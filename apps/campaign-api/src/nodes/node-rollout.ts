import { isDeepStrictEqual } from 'node:util';
import { DomainError, ErrorCodes, isOpenAt, RolloutStage, StageTiming } from '@lib/domain';
import { CampaignEntity, NodeEntity } from '@lib/persistence';
import { recordedOpenings, rolloutTimings } from '@lib/routing';
import { EntityManager } from 'typeorm';

export interface RolloutStageView extends RolloutStage {
  status: { stage: number; state: 'open' | 'pending'; openedAt: Date | null; reason: string | null; opensAt: Date | null };
}

/** The node's stages with their state at `now` (same timings routing uses). */
export async function rolloutView(db: Pick<EntityManager, 'query'>, node: NodeEntity, campaign: CampaignEntity, now = new Date()): Promise<RolloutStageView[] | null> {
  const timings = await timingsOf(db, node, campaign);
  if (!node.rollout || !timings) return null;
  return node.rollout.map((s, i) => {
    const t = timings[i];
    const open = isOpenAt(t, now);
    return { ...s, status: { stage: t.stage, state: open ? 'open' : 'pending', openedAt: open ? t.at : null, reason: open ? t.reason : null, opensAt: open ? null : t.at } };
  });
}

/**
 * A replaced node keeps the stages already open as they were: a ring once let in is never shut
 * out again, nor moved to another stage. Later stages may change freely.
 */
export async function assertOpenStagesKept(db: Pick<EntityManager, 'query'>, existing: NodeEntity, campaign: CampaignEntity, next: RolloutStage[] | null, now = new Date()): Promise<void> {
  const timings = await timingsOf(db, existing, campaign);
  if (!existing.rollout || !timings) return;
  const lastOpen = timings.filter((t) => isOpenAt(t, now)).pop();
  if (!lastOpen) return;
  for (let i = 0; i < lastOpen.stage; i++) {
    // Deep equality, not JSON text: jsonb hands keys back in its own order.
    if (!next || !isDeepStrictEqual(plain(next[i]), plain(existing.rollout[i]))) {
      throw new DomainError(ErrorCodes.ROLLOUT_STAGE_OPENED, `rollout stage ${i + 1} is open: it and the stages before it cannot change (stage ${lastOpen.stage} opened ${lastOpen.at!.toISOString()})`, 'conflict', { stage: i + 1 });
    }
  }
}

async function timingsOf(db: Pick<EntityManager, 'query'>, node: NodeEntity, campaign: CampaignEntity): Promise<StageTiming[] | null> {
  if (!node.rollout) return null;
  const recorded = await recordedOpenings(db, [node.id]);
  return rolloutTimings(node, campaign, recorded.get(node.id));
}

/** The stage as data (a DTO instance and a parsed row compare alike), without undefined fields. */
function plain(stage: RolloutStage | undefined): unknown {
  return stage === undefined ? undefined : JSON.parse(JSON.stringify(stage));
}
