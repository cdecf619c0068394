import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { MechanicRegistry } from '@lib/mechanics';
import { CampaignEntity, NodeEntity, NodePhaseEntity } from '@lib/persistence';
import { JobHandler, JobProducer, PhaseDueV1 } from '@lib/queue';
import { rolloutStageOf, routableCampaignSql } from '@lib/routing';
import { OutcomeApplier } from './outcome-applier';
import { NodeContextLoader } from './node-context.loader';
import { NodeInputRunner } from './node-input-runner';
import { TxNodeReads } from './node-reads';
import { RolloutScheduler } from './rollout-phases';

/** Phases due within this horizon get a delayed job now; later ones on a later pass. */
const HORIZON_MS = 3_600_000;

/**
 * Keeps node_phase in step with the node mechanics' declared timers (one row per node and
 * phase name; a pending phase follows its config, a run one never changes) and offers phases
 * coming due as delayed jobs. Runs on every maintenance pass, so phases survive restarts and
 * Redis loss: Postgres holds them, the sweeper offers any that are due and unrun.
 */
@Injectable()
export class PhaseScheduler {
  private readonly logger = new Logger(PhaseScheduler.name);

  constructor(
    private readonly db: DataSource,
    private readonly registry: MechanicRegistry,
    private readonly nodes: NodeContextLoader,
    private readonly producer: JobProducer,
    private readonly rollout: RolloutScheduler,
  ) {}

  async sync(now = new Date()): Promise<number> {
    // The runtime's rollout phases (any mechanic), then the node mechanics' own. A rollout
    // failure must not stop the mechanics' phases (nor the sweep after them): retried next pass.
    await this.rollout.sync(now).catch((err: Error) => this.logger.warn({ msg: 'rollout pass failed; retrying next pass', error: err.message }));
    const kinds = this.registry.kinds().filter((k) => this.registry.get(k).node);
    const nodes = kinds.length === 0 ? [] : await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoin(CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.mechanic_kind IN (:...kinds)', { kinds })
      .andWhere(routableCampaignSql(':now'), { now })
      .getMany();
    // One read of the campaigns and one upsert for every node's phases: this runs every pass.
    const campaignIds = [...new Set(nodes.map((n) => n.campaignId))];
    const campaigns = new Map(campaignIds.length === 0 ? [] : (await this.db.getRepository(CampaignEntity).findBy({ id: In(campaignIds) })).map((c) => [c.id, c]));
    const rows = nodes.flatMap((node) => {
      const campaign = campaigns.get(node.campaignId);
      if (!campaign) return [];
      const { handler, ctx } = this.nodes.snapshot(node, campaign);
      return handler.node!.phases(ctx).map((p) => ({ node, name: p.name, at: p.at }));
    });
    if (rows.length > 0) {
      await this.db.query(
        `INSERT INTO node_phase (workspace_id, campaign_id, node_id, name, due_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
         ON CONFLICT (node_id, name) DO UPDATE SET due_at = EXCLUDED.due_at WHERE node_phase.state = 'pending' AND node_phase.due_at <> EXCLUDED.due_at`,
        [rows.map((r) => r.node.workspaceId), rows.map((r) => r.node.campaignId), rows.map((r) => r.node.id), rows.map((r) => r.name), rows.map((r) => r.at)],
      );
    }
    const soon: NodePhaseEntity[] = await this.db.query(
      `SELECT id, workspace_id AS "workspaceId", due_at AS "dueAt" FROM node_phase WHERE state = 'pending' AND due_at < $1 ORDER BY due_at LIMIT 1000`,
      [new Date(now.getTime() + HORIZON_MS)],
    );
    for (const p of soon) {
      const delayMs = Math.max(0, new Date(p.dueAt).getTime() - Date.now());
      await this.producer.enqueue('mechanic.phase-due', { workspaceId: p.workspaceId, phaseId: p.id }, { delayMs });
    }
    return soon.length;
  }
}

/**
 * A node phase came due: runs it once. The phase row lock plus its state make a second
 * delivery a no-op, and the outcome, effects and `done` commit together.
 */
@Injectable()
export class PhaseHandler implements JobHandler<'mechanic.phase-due'> {
  private readonly logger = new Logger(PhaseHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly nodes: NodeContextLoader,
    private readonly runner: NodeInputRunner,
    private readonly applier: OutcomeApplier,
    private readonly rollout: RolloutScheduler,
  ) {}

  async handle(data: PhaseDueV1): Promise<void> {
    const after = await this.db.transaction(async (tx) => {
      const phase = await tx.getRepository(NodePhaseEntity).findOne({ where: { id: data.phaseId, workspaceId: data.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!phase || phase.state !== 'pending' || phase.dueAt > new Date()) return null;
      if (rolloutStageOf(phase.name) !== null) {
        await this.rollout.runPhase(tx, phase);
        return null;
      }
      const loaded = await this.nodes.load(tx, data.workspaceId, phase.nodeId);
      if (!loaded?.handler.node) {
        await tx.update(NodePhaseEntity, { id: phase.id }, { state: 'cancelled', ranAt: new Date(), outcome: { reason: 'NODE_GONE' } });
        return null;
      }
      // Every input of the node waits while the phase runs (a close sees settled standings).
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`node-phase:${phase.nodeId}`]);
      // Inputs from before the phase still queued: it waits for them (the sweeper offers it again).
      const queued: unknown[] = await tx.query(`SELECT 1 FROM mechanic_input WHERE node_id = $1 AND state IN ('pending', 'analysing') AND occurred_at < $2 LIMIT 1`, [phase.nodeId, phase.dueAt]);
      if (queued.length > 0) {
        this.logger.log({ msg: 'phase waits for inputs still being judged', phaseId: phase.id, phase: phase.name });
        return null;
      }
      const outcome = await loaded.handler.node.runPhase(loaded.ctx, { name: phase.name, dueAt: phase.dueAt }, new TxNodeReads(tx, data.workspaceId, phase.nodeId));
      const after = await this.runner.apply(tx, loaded, outcome);
      await tx.query(`UPDATE node_phase SET state = 'done', ran_at = now(), outcome = $2 WHERE id = $1`, [phase.id, JSON.stringify(outcome.summary ?? {})]);
      return after;
    });
    if (after) await this.applier.afterCommit(data.workspaceId, after);
  }
}
