import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { Admissions, CirclePasses, CircleRings, CirclesModule, transactionWithRetry } from '@lib/circles';
import { CanyuConfigModule, DatabaseEnv } from '@lib/config';
import { PersistenceModule } from '@lib/persistence';
import { truncateAll } from '@lib/testing';

// Seed gating under contention, below HTTP: 1,000 requests at once on one ring while the
// maintenance fill runs beside them. Sampled all along, the admitted count never passes the
// seats; at the end exactly the seats are taken and the waitlist is in (requested_at, id) order.
describe('admissions under concurrency', () => {
  let module: TestingModule;
  let db: DataSource;
  let admissions: Admissions;
  let rings: CircleRings;

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([DatabaseEnv]), PersistenceModule, CirclesModule] }).compile();
    db = module.get(DataSource);
    admissions = module.get(Admissions);
    rings = module.get(CircleRings);
    await truncateAll(db);
  });

  afterAll(() => module.close());

  it('should never admit beyond the seats open and keep the waitlist in order', async () => {
    const { workspaceId } = await provisionWorkspace(db, 'Gating race', 'gating-race');
    const now = new Date();
    const ring = (await db.transaction((tx) => rings.create(tx, workspaceId, { name: 'seed', phases: [{ opensAt: new Date(now.getTime() - 60_000), seats: 100 }] }, now))).ring;
    const ids: string[] = (
      await db.query(`INSERT INTO participant (workspace_id, external_id) SELECT $1, 'p-' || g FROM generate_series(1, 1000) g RETURNING id`, [workspaceId])
    ).map((r: { id: string }) => r.id);
    // Requested-at times on a coarse grid, so many share one instant and the id decides.
    const requestedAt = (i: number) => new Date(Date.UTC(2026, 0, 1) + ((i * 613) % 50) * 1000);

    const samples: { admitted: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push((await db.query(`SELECT count(*)::int AS admitted FROM circle_admission WHERE state = 'admitted'`))[0]);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // The maintenance pass's fill, as the worker runs it, racing the requests.
    const passes = module.get(CirclePasses);
    const filler = (async () => {
      while (sampling) await passes.fillSeats(new Date());
    })();
    const results = await Promise.all(
      ids.map((id, i) => transactionWithRetry(db, (tx) => admissions.request(tx, ring, id, requestedAt(i), new Date()))),
    );
    sampling = false;
    await Promise.all([sampler, filler]);

    expect(results.filter((r) => r.status.state === 'admitted').length).toBe(100);
    expect(results.every((r) => r.created)).toBe(true);
    expect(samples.length).toBeGreaterThan(0);
    expect(Math.max(...samples.map((s) => s.admitted))).toBeLessThanOrEqual(100);
    const [{ members, moves }] = await db.query(
      `SELECT (SELECT count(*)::int FROM participant WHERE circle = 'seed') AS members, (SELECT count(*)::int FROM circle_move WHERE reason = 'ADMITTED') AS moves`,
    );
    expect({ members, moves }).toEqual({ members: 100, moves: 100 });

    // Places as of now are 1..900 in (requested_at, id) order, recomputed from the rows.
    const queue: { participant_id: string }[] = await db.query(
      `SELECT participant_id FROM circle_admission WHERE state = 'waitlisted' ORDER BY requested_at, id`,
    );
    const places = await Promise.all(queue.map((q) => admissions.get(db.manager, ring, q.participant_id, new Date())));
    expect(places.map((p) => p.place)).toEqual(queue.map((_, i) => i + 1));

    // 50 more seats: exactly the next 50 of the queue go in, in that order.
    const later = new Date();
    await db.transaction((tx) => rings.update(tx, workspaceId, 'seed', { phases: [{ opensAt: new Date(now.getTime() - 60_000), seats: 100 }, { opensAt: later, seats: 50 }] }, later));
    const admittedNext: { participant_id: string }[] = await db.query(
      `SELECT participant_id FROM circle_admission WHERE state = 'admitted' AND admitted_at = $1 ORDER BY requested_at, id`,
      [later],
    );
    expect(admittedNext.map((r) => r.participant_id)).toEqual(queue.slice(0, 50).map((q) => q.participant_id));
  });
});
