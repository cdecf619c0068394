import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { isOpenAt, RecordedOpening, RolloutThreshold, StageTiming } from '@lib/domain';
import { CampaignEntity, NodeEntity, NodePhaseEntity } from '@lib/persistence';
import { recordedOpenings, rolloutPhaseName, rolloutStageOf, rolloutTimings, routableCampaignSql } from '@lib/routing';

interface Counts {
  participations: number;
  verifiedPosts: number;
}

const reached = (t: RolloutThreshold, c: Counts): boolean =>
  (t.participations !== undefined && c.participations >= t.participations) || (t.verifiedPosts !== undefined && c.verifiedPosts >= t.verifiedPosts);

/**
 * The runtime's own node phases: a node's ring-by-ring rollout, for any mechanic. Each pass
 * keeps a pending `rollout:<stage>` phase at the instant the stage's delay opens it (the phase
 * machinery offers it, so a stopped worker opens it on restart), and opens stages whose
 * threshold is reached. Thresholds are checked here, once per maintenance pass with one
 * grouped count (a cancelled phase, from a rollout since removed, is planned afresh), rather than after every participation: the hot routing path stays as it is,
 * and a threshold opening is stamped with the instant it was found, so checking later only
 * opens later, it never judges an event differently on replay.
 */
@Injectable()
export class RolloutScheduler {
  private readonly logger = new Logger(RolloutScheduler.name);

  constructor(private readonly db: DataSource) {}

  async sync(now = new Date()): Promise<void> {
    const nodes = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoinAndMapOne('n.campaign', CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.rollout IS NOT NULL')
      .andWhere(routableCampaignSql(':now'), { now })
      .getMany();
    if (nodes.length === 0) return;
    const recorded = await recordedOpenings(this.db, nodes.map((n) => n.id));
    const counts = await this.counts(nodes.filter((n) => this.thresholdDue(n, recorded.get(n.id) ?? [], now)).map((n) => n.id));
    const due: { node: NodeEntity; stage: number; at: Date }[] = [];
    for (const node of nodes) {
      const openings = [...(recorded.get(node.id) ?? [])];
      const c = counts.get(node.id);
      // Stage by stage, so a threshold opening moves the next stage's delay within this pass.
      for (let stage = 2; stage <= (node.rollout ?? []).length; stage++) {
        const timings = this.timings(node, openings);
        const t = timings[stage - 1];
        if (t.recorded) continue;
        const previousOpen = isOpenAt(timings[stage - 2], now);
        if (c && t.threshold && previousOpen && !(t.at && t.at <= now) && reached(t.threshold, c)) {
          if (await this.openByThreshold(node, stage, now, t.threshold, c)) openings.push({ stage, openedAt: now, reason: 'THRESHOLD' });
          continue;
        }
        if (t.at) due.push({ node, stage, at: t.at });
      }
    }
    if (due.length === 0) return;
    await this.db.query(
      `INSERT INTO node_phase (workspace_id, campaign_id, node_id, name, due_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
       ON CONFLICT (node_id, name) DO UPDATE SET due_at = EXCLUDED.due_at, state = 'pending', ran_at = NULL, outcome = '{}'
       WHERE node_phase.state = 'cancelled' OR (node_phase.state = 'pending' AND node_phase.due_at <> EXCLUDED.due_at)`,
      [due.map((d) => d.node.workspaceId), due.map((d) => d.node.campaignId), due.map((d) => d.node.id), due.map((d) => rolloutPhaseName(d.stage)), due.map((d) => d.at)],
    );
  }

  /**
   * A `rollout:<stage>` phase came due (the caller holds its row lock and checked it is
   * pending and due): records the opening at the instant the delay opened the stage.
   */
  async runPhase(tx: EntityManager, phase: NodePhaseEntity): Promise<void> {
    const stage = rolloutStageOf(phase.name)!;
    const node = await tx.getRepository(NodeEntity).findOneBy({ id: phase.nodeId, workspaceId: phase.workspaceId, rollout: Not(IsNull()) });
    const campaign = node && (await tx.getRepository(CampaignEntity).findOneBy({ id: node.campaignId, workspaceId: phase.workspaceId }));
    if (!node || !campaign || (node.rollout ?? []).length < stage) {
      await tx.update(NodePhaseEntity, { id: phase.id }, { state: 'cancelled', ranAt: new Date(), outcome: { reason: 'ROLLOUT_CHANGED' } });
      return;
    }
    const t = rolloutTimings(node, campaign, (await recordedOpenings(tx, [node.id])).get(node.id))![stage - 1];
    if (!t.at) {
      // No delay opens the stage any more (edited to threshold only): a pass re-plans it if one comes back.
      await tx.update(NodePhaseEntity, { id: phase.id }, { state: 'cancelled', ranAt: new Date(), outcome: { reason: 'ROLLOUT_CHANGED' } });
      return;
    }
    if (t.at > new Date()) {
      // The config or an earlier stage moved it later since it was planned.
      await tx.update(NodePhaseEntity, { id: phase.id }, { dueAt: t.at });
      return;
    }
    await tx.update(NodePhaseEntity, { id: phase.id }, { state: 'done', ranAt: new Date(), dueAt: t.at, outcome: { reason: 'DELAY', stage } });
    this.logger.log({ msg: 'rollout stage opened', nodeId: node.id, stage, reason: 'DELAY', openedAt: t.at.toISOString() });
  }

  private timings(node: NodeEntity, openings: RecordedOpening[]): StageTiming[] {
    return rolloutTimings(node, (node as NodeEntity & { campaign: CampaignEntity }).campaign, openings)!;
  }

  /** Whether some pending stage with a threshold has its previous stage open (only those nodes are counted). */
  private thresholdDue(node: NodeEntity, openings: RecordedOpening[], now: Date): boolean {
    const timings = this.timings(node, openings);
    return timings.some((t, i) => i > 0 && !t.recorded && t.threshold !== null && isOpenAt(timings[i - 1], now));
  }

  /** The two counts per node, in one statement (activity and mechanic_input are indexed by node). */
  private async counts(nodeIds: string[]): Promise<Map<string, Counts>> {
    if (nodeIds.length === 0) return new Map();
    const rows: { id: string; participations: string; verified: string }[] = await this.db.query(
      `SELECT n.id,
              (SELECT count(*) FROM activity a WHERE a.node_id = n.id) AS participations,
              (SELECT count(*) FROM mechanic_input m WHERE m.node_id = n.id AND m.state = 'judged' AND m.accepted) AS verified
       FROM unnest($1::uuid[]) AS n(id)`,
      [nodeIds],
    );
    return new Map(rows.map((r) => [r.id, { participations: Number(r.participations), verifiedPosts: Number(r.verified) }]));
  }

  /** Records a threshold opening now, unless the stage was opened meanwhile (one row per stage). */
  private async openByThreshold(node: NodeEntity, stage: number, now: Date, threshold: RolloutThreshold, counts: Counts): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO node_phase (workspace_id, campaign_id, node_id, name, due_at, state, ran_at, outcome)
       VALUES ($1, $2, $3, $4, $5, 'done', now(), $6)
       ON CONFLICT (node_id, name) DO UPDATE SET state = 'done', ran_at = now(), due_at = EXCLUDED.due_at, outcome = EXCLUDED.outcome
       WHERE node_phase.state = 'cancelled' OR (node_phase.state = 'pending' AND node_phase.due_at > EXCLUDED.due_at)
       RETURNING id`,
      [node.workspaceId, node.campaignId, node.id, rolloutPhaseName(stage), now, JSON.stringify({ reason: 'THRESHOLD', stage, threshold, counts })],
    );
    if (rows.length > 0) this.logger.log({ msg: 'rollout stage opened', nodeId: node.id, stage, reason: 'THRESHOLD', ...counts });
    return rows.length > 0;
  }
}
