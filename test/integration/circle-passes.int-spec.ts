import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { Admissions, CircleMoves, CirclePasses, CircleRings, CirclesModule, ringsInOrder } from '@lib/circles';
import { CanyuConfigModule, DatabaseEnv } from '@lib/config';
import { PersistenceModule } from '@lib/persistence';
import { truncateAll } from '@lib/testing';
import { CircleFixtures, DAY } from '../support/circle-fixtures';

// Promotion and demotion passes on real PostgreSQL, at a fixed business time: who moves, why,
// what a re-run does (nothing), how a batch bounds a pass, and a gated ring on the way in.
describe('fan circle passes', () => {
  let module: TestingModule;
  let db: DataSource;
  let passes: CirclePasses;
  let rings: CircleRings;
  let moves: CircleMoves;
  let admissions: Admissions;
  const T = new Date('2026-06-01T00:00:00Z');
  const ago = (days: number) => new Date(T.getTime() - days * DAY);

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([DatabaseEnv]), PersistenceModule, CirclesModule] }).compile();
    db = module.get(DataSource);
    passes = module.get(CirclePasses);
    rings = module.get(CircleRings);
    moves = module.get(CircleMoves);
    admissions = module.get(Admissions);
    await truncateAll(db);
  });

  afterAll(() => module.close());

  async function workspace(slug: string): Promise<CircleFixtures> {
    const { workspaceId } = await provisionWorkspace(db, slug, slug);
    return new CircleFixtures(db, moves, workspaceId);
  }

  it('should promote by points, spread and tenure earned in the current ring, demote the inactive, and do nothing more on a re-run', async () => {
    const f = await workspace('circle-passes');
    await db.transaction(async (tx) => {
      await rings.create(tx, f.workspaceId, { name: 'honorary', promotion: { mode: 'rule', match: 'any', minPoints: null, minSpreadScore: 5, minTenureDays: null } }, T);
      await rings.create(tx, f.workspaceId, { name: 'core', promotion: { mode: 'rule', match: 'all', minPoints: 2, minSpreadScore: null, minTenureDays: 7 }, demoteAfterInactiveDays: 30 }, T);
      await rings.create(tx, f.workspaceId, { name: 'fans', demoteAfterInactiveDays: 60 }, T);
    });
    expect(await ringsInOrder(db.manager, f.workspaceId)).toEqual([
      { name: 'honorary', position: 1 }, { name: 'core', position: 2 }, { name: 'fans', position: 3 },
    ]);
    const a = await f.member('a-points', 'fans', ago(10));
    await f.completedActivity(a, ago(5));
    await f.completedActivity(a, ago(4));
    const b = await f.member('b-too-new', 'fans', ago(3));
    for (const d of [2, 1.5, 1]) await f.completedActivity(b, ago(d));
    const c = await f.member('c-old-points', 'fans', ago(10));
    await f.completedActivity(c, ago(20)); // before joining: not earned in this ring
    await f.completedActivity(c, ago(2));
    await f.completedActivity(c, ago(1), 'expired'); // not completed
    const h = await f.member('h-future', 'fans', ago(10));
    await f.completedActivity(h, ago(2));
    await f.completedActivity(h, new Date(T.getTime() + DAY)); // after the pass's business time
    const d = await f.member('d-inactive-core', 'core', ago(40));
    await f.event(d, ago(35));
    const e = await f.member('e-spreader', 'core', ago(40));
    await f.spread(e, ago(3), 4);
    await f.spread(e, ago(2), 2);
    await f.spread(e, ago(1), 9, 'rejected');
    const g = await f.member('g-active-core', 'core', ago(40));
    await f.spread(g, ago(1), 2);
    const z = await f.member('z-dead-fan', 'fans', ago(90));
    await f.event(z, ago(61));

    const first = await passes.run(T);
    expect(first).toEqual({ admitted: 0, promoted: 2, waitlisted: 0, demoted: 2 });
    expect(await f.circles()).toEqual({
      'a-points': 'core', 'b-too-new': 'fans', 'c-old-points': 'fans', 'h-future': 'fans',
      'd-inactive-core': 'fans', 'e-spreader': 'honorary', 'g-active-core': 'core', 'z-dead-fan': null,
    });
    const history = [
      { who: 'a-points', from: 'fans', to: 'core', reason: 'PROMOTED_POINTS', actor: 'promotion:core' },
      { who: 'd-inactive-core', from: 'core', to: 'fans', reason: 'DEMOTED_INACTIVE', actor: 'demotion:core' },
      { who: 'e-spreader', from: 'core', to: 'honorary', reason: 'PROMOTED_SPREAD', actor: 'promotion:honorary' },
      { who: 'z-dead-fan', from: 'fans', to: null, reason: 'DEMOTED_INACTIVE', actor: 'demotion:fans' },
    ];
    expect(await f.ruleMoves()).toEqual(history);
    const [detail] = await db.query(`SELECT at, details FROM circle_move WHERE participant_id = $1 AND actor_type = 'rule'`, [a]);
    expect({ at: detail.at, details: detail.details }).toEqual({ at: T, details: { points: 2, spreadScore: 0, tenureDays: 10 } });
    // The membership says since when (the move's business time); a demoted member starts over.
    const [member] = await db.query(`SELECT circle, since FROM circle_member WHERE participant_id = $1`, [d]);
    expect(member).toEqual({ circle: 'fans', since: T });
    expect(await db.query(`SELECT 1 FROM circle_member WHERE participant_id = $1`, [z])).toEqual([]);

    // Same business time again, then a little later: nothing is owed any more.
    expect(await passes.run(T)).toEqual({ admitted: 0, promoted: 0, waitlisted: 0, demoted: 0 });
    expect(await passes.run(new Date(T.getTime() + 3_600_000))).toEqual({ admitted: 0, promoted: 0, waitlisted: 0, demoted: 0 });
    expect(await f.ruleMoves()).toEqual(history);
  });

  it('should move at most a batch per ring and pass, and the rest at the next pass', async () => {
    const f = await workspace('circle-batches');
    await db.transaction(async (tx) => {
      await rings.create(tx, f.workspaceId, { name: 'core', promotion: { mode: 'rule', match: 'all', minPoints: null, minSpreadScore: null, minTenureDays: 7 } }, T);
      await rings.create(tx, f.workspaceId, { name: 'fans' }, T);
    });
    for (let i = 0; i < 5; i++) await f.member(`fan-${i}`, 'fans', ago(8 + i));
    expect((await passes.run(T, 2)).promoted).toBe(2);
    // Longest in the ring first.
    expect((await f.ruleMoves()).map((m) => m.who)).toEqual(['fan-3', 'fan-4']);
    expect((await passes.run(T, 2)).promoted).toBe(2);
    expect((await passes.run(T, 2)).promoted).toBe(1);
    expect((await passes.run(T, 2)).promoted).toBe(0);
    expect((await f.ruleMoves()).map((m) => m.reason)).toEqual(Array(5).fill('PROMOTED_TENURE'));
  });

  it('should take promotions into a gated ring through its waitlist, within the seats', async () => {
    const f = await workspace('circle-gated');
    await db.transaction(async (tx) => {
      await rings.create(tx, f.workspaceId, { name: 'seed', phases: [{ opensAt: ago(100), seats: 1 }], promotion: { mode: 'rule', match: 'all', minPoints: null, minSpreadScore: null, minTenureDays: 7 } }, T);
      await rings.create(tx, f.workspaceId, { name: 'fans' }, T);
    });
    await f.member('early', 'fans', ago(20));
    await f.member('later', 'fans', ago(10));
    expect(await passes.run(T)).toEqual({ admitted: 0, promoted: 1, waitlisted: 1, demoted: 0 });
    expect(await f.circles()).toEqual({ early: 'seed', later: 'fans' });
    // Seated through the waitlist, the move still says why they rose.
    expect((await f.ruleMoves()).map((m) => [m.who, m.reason, m.actor])).toEqual([['early', 'PROMOTED_TENURE', 'admission:seed']]);
    // Waiting for a seat: not asked again, not moved again.
    expect(await passes.run(T)).toEqual({ admitted: 0, promoted: 0, waitlisted: 0, demoted: 0 });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM circle_admission WHERE state = 'waitlisted'`);
    expect(n).toBe(1);
  });

  it('should run the rule passes at most once a minute as Postgres remembers it, and seats at every call', async () => {
    await truncateAll(db); // a pass at wall-clock time acts on every workspace: only this one here
    const f = await workspace('circle-schedule');
    await db.transaction((tx) => rings.create(tx, f.workspaceId, { name: 'fans', demoteAfterInactiveDays: 1 }, T));
    await f.member('quiet-1', 'fans', ago(5));
    const now = new Date();
    expect(await passes.runScheduled(now, 'spec')).toMatchObject({ rules: true, demoted: 1 });
    const [beat] = await db.query(`SELECT beat_at, interval_ms, last_pass FROM worker_heartbeat WHERE name = 'circles'`);
    expect({ at: beat.beat_at, interval: beat.interval_ms, demoted: beat.last_pass.demoted }).toEqual({ at: now, interval: 60_000, demoted: 1 });
    // Another worker (a restart) within the minute: no rule pass; a minute later: one.
    await f.member('quiet-2', 'fans', ago(5));
    const seed = await db.transaction((tx) => rings.create(tx, f.workspaceId, { name: 'seed', phases: [{ opensAt: new Date(now.getTime() + 30_000), seats: 1 }] }, now));
    const [{ id: newcomer }] = await db.query(`INSERT INTO participant (workspace_id, external_id) VALUES ($1, 'newcomer') RETURNING id`, [f.workspaceId]);
    expect((await db.transaction((tx) => admissions.request(tx, seed.ring, newcomer, now, now))).status).toMatchObject({ state: 'waitlisted', place: 1 });
    expect(await passes.runScheduled(new Date(now.getTime() + 59_000), 'other')).toEqual({ rules: false, admitted: 1, promoted: 0, waitlisted: 0, demoted: 0 });
    expect(await f.circles()).toEqual({ 'quiet-1': null, 'quiet-2': 'fans', newcomer: 'seed' });
    expect(await passes.runScheduled(new Date(now.getTime() + 60_000), 'other')).toMatchObject({ rules: true, demoted: 1 });
    // quiet-1 left the rings when they were all there was; quiet-2 moves one ring out, into seed
    // (created outside fans), as a demotion: it takes no seat.
    expect(await f.circles()).toEqual({ 'quiet-1': null, 'quiet-2': 'seed', newcomer: 'seed' });
    expect((await admissions.count(db.manager, seed.ring, new Date(now.getTime() + 60_000))).admitted).toBe(1);
  });

  it('should leave the run to the replica that holds the circle-pass lock', async () => {
    const other = db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('canyu:circle-passes'))`);
      expect(await passes.runScheduled(new Date(Date.now() + 3_600_000), 'second-replica')).toBeNull();
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
    expect(await passes.runScheduled(new Date(Date.now() + 3_600_000), 'second-replica')).toMatchObject({ rules: true });
  });
});
