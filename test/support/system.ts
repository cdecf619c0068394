import { AppModule } from '../../apps/campaign-api/src/app.module';
import { scoreKeyBase } from '../../apps/scoring/src/spread/leaderboard.store';
import { ScoringModule } from '../../apps/scoring/src/scoring.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { provisionWorkspace } from '@lib/access';
import { BootedSystem, bootSystem, truncateAll, wipeRedis } from '@lib/testing';

export interface TestSystem extends BootedSystem {
  key: string;
  workspaceId: string;
  auth(): { authorization: string };
}

/** Deletes a campaign's leaderboard, reach and credit keys (as if Redis had lost them). */
export function wipeScores(...campaignIds: string[]): Promise<void> {
  return wipeRedis(process.env.REDIS_URL!, campaignIds.map((id) => `${scoreKeyBase(id)}:*`));
}

/**
 * The three real apps for one spec file: empty tables, one workspace with an admin key.
 * Fields are filled in by beforeAll. Teardown removes only this file's Redis keys: its
 * queue prefix and the score keys of the campaigns it created, never a dev system's.
 */
export function useSystem(workspaceName: string): TestSystem {
  const t = {} as TestSystem;
  beforeAll(async () => {
    const sys = await bootSystem({ api: AppModule, worker: WorkerModule, scoring: ScoringModule });
    await truncateAll(sys.db);
    const { adminKey, workspaceId } = await provisionWorkspace(sys.db, workspaceName, workspaceName.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    Object.assign(t, sys, { key: adminKey, workspaceId, auth: () => ({ authorization: `Bearer ${adminKey}` }) });
  });
  afterAll(async () => {
    if (!t.db) return;
    const campaigns: { id: string }[] = await t.db.query('SELECT id FROM campaign');
    await t.close();
    await wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`]);
    await wipeScores(...campaigns.map((c) => c.id));
  });
  return t;
}
