import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { CanyuConfigModule, DatabaseEnv } from '@lib/config';
import { AwardResult, Ledger, LedgerModule } from '@lib/ledger';
import { PersistenceModule } from '@lib/persistence';
import { truncateAll } from '@lib/testing';
import { inTx, LedgerFixtures } from '../support/ledger-fixtures';

// The ledger against real PostgreSQL under contention: many transactions at once on one pool,
// one budget, one source key. Whatever the interleaving, nothing is given beyond stock,
// budget or a participant's limit, and the counters match the entries.
describe('Ledger under concurrency', () => {
  let module: TestingModule;
  let db: DataSource;
  let ledger: Ledger;
  let f: LedgerFixtures;

  const statuses = (results: AwardResult[]) => {
    const out: Record<string, number> = {};
    for (const r of results) {
      const key = r.status === 'refused' ? `refused:${r.reason}` : r.status;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  };

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([DatabaseEnv]), PersistenceModule, LedgerModule] }).compile();
    db = module.get(DataSource);
    ledger = module.get(Ledger);
    await truncateAll(db);
    f = new LedgerFixtures(db, (await provisionWorkspace(db, 'Ledger race', 'ledger-race')).workspaceId);
  });

  afterAll(() => module.close());

  it('should give exactly the last 10 prizes to 1,000 concurrent claims, none over a participant limit, stock never negative', async () => {
    const campaign = await f.campaign();
    const pool = await f.pool(campaign, { stock: 100, unitMinor: 5000, limit: 1 });
    const early = await f.participants(90);
    for (const p of early) await inTx(db, (tx) => ledger.award(tx, f.request(campaign, p, { poolId: pool })));
    expect(await f.stock(pool)).toEqual({ total: 100, reserved: 0, committed: 90 });

    // 500 people, each trying twice at once (limit 1), side by side: 1,000 claims on the last 10 units.
    const fans = await f.participants(500);
    const samples: { used: number; total: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [s] = await db.query('SELECT stock_reserved + stock_committed AS used, stock_total AS total FROM prize_pool WHERE id = $1', [pool]);
        samples.push(s);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const claims = fans.flatMap((p) => [p, p]).map((p, i) => inTx(db, (tx) => ledger.award(tx, f.request(campaign, p, { poolId: pool, sourceKey: `claim:${i}` }))));
    const results = await Promise.all(claims);
    sampling = false;
    await sampler;

    const counts = statuses(results);
    expect(counts.committed).toBe(10);
    expect((counts['refused:OUT_OF_STOCK'] ?? 0) + (counts['refused:PARTICIPANT_LIMIT'] ?? 0)).toBe(990);
    expect(await f.stock(pool)).toEqual({ total: 100, reserved: 0, committed: 100 });
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => s.used >= 0 && s.used <= s.total)).toBe(true);
    const winners = results.filter((r) => r.status === 'committed').length;
    const [{ n }] = await db.query(`SELECT count(DISTINCT participant_id)::int AS n FROM ledger_entry WHERE pool_id = $1 AND participant_id = ANY($2)`, [pool, fans]);
    expect(n).toBe(winners);
    expect(await f.budget(campaign)).toMatchObject({ reserved: 0, committed: 100 * 5000 });
    expect(await f.violations(campaign)).toEqual([]);
  }, 120_000);

  it("should hold a participant's limit when one participant claims 200 times at once", async () => {
    const campaign = await f.campaign();
    const pool = await f.pool(campaign, { stock: 100, limit: 3 });
    const [fan] = await f.participants(1);
    const results = await Promise.all(Array.from({ length: 200 }, () => inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })))));
    expect(statuses(results)).toEqual({ committed: 3, 'refused:PARTICIPANT_LIMIT': 197 });
    expect(await f.stock(pool)).toEqual({ total: 100, reserved: 0, committed: 3 });
    expect(await f.violations(campaign)).toEqual([]);
  });

  it('should hold a budget cap under concurrency, for amounts and for pool prizes alike', async () => {
    const campaign = await f.campaign({ totalMinor: 100 });
    const [fan] = await f.participants(1);
    const bounties = await Promise.all(
      Array.from({ length: 200 }, () => inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { kind: 'bounty', amountMinor: 7 })))),
    );
    expect(statuses(bounties)).toEqual({ committed: 14, 'refused:OVER_BUDGET': 186 });
    expect(await f.budget(campaign)).toEqual({ total: 100, reserved: 0, committed: 98 });

    const capped = await f.campaign({ totalMinor: 250 });
    const pool = await f.pool(capped, { stock: 50, unitMinor: 30 });
    const fans = await f.participants(100);
    const prizes = await Promise.all(fans.map((p) => inTx(db, (tx) => ledger.award(tx, f.request(capped, p, { poolId: pool })))));
    expect(statuses(prizes)).toEqual({ committed: 8, 'refused:OVER_BUDGET': 92 });
    // Refused for the budget, the pool gave nothing: every unit taken was put back.
    expect(await f.stock(pool)).toEqual({ total: 50, reserved: 0, committed: 8 });
    expect(await f.violations(campaign)).toEqual([]);
    expect(await f.violations(capped)).toEqual([]);
  }, 60_000);

  it('should never deadlock or overspend when pools, fallbacks in both orders, bounties and reservations mix', async () => {
    const campaign = await f.campaign({ totalMinor: 1500 });
    const a = await f.pool(campaign, { stock: 20, unitMinor: 30, limit: 2 });
    const b = await f.pool(campaign, { stock: 20, unitMinor: 20, limit: 2 });
    const fans = await f.participants(60);
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => {
        const p = fans[i % fans.length];
        const shape = i % 4;
        if (shape === 0) return inTx(db, (tx) => ledger.award(tx, f.request(campaign, p, { poolId: a, fallbackPoolIds: [b] })));
        if (shape === 1) return inTx(db, (tx) => ledger.award(tx, f.request(campaign, p, { poolId: b, fallbackPoolIds: [a] })));
        if (shape === 2) return inTx(db, (tx) => ledger.award(tx, f.request(campaign, p, { kind: 'bounty', amountMinor: 10 })));
        return inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, p, { poolId: a, fallbackPoolIds: [b] })));
      }),
    );
    expect(results.filter((r) => r.status === 'committed' || r.status === 'reserved').length).toBeGreaterThan(0);
    const budget = await f.budget(campaign);
    expect(budget.reserved + budget.committed).toBeLessThanOrEqual(1500);
    expect(await f.violations(campaign)).toEqual([]);
  }, 60_000);

  it('should settle each expired reservation once when commits race the expiry sweep', async () => {
    const campaign = await f.campaign({ totalMinor: 1_000_000 });
    const pools = [await f.pool(campaign, { stock: 100, unitMinor: 10 }), await f.pool(campaign, { stock: 100, unitMinor: 20 })];
    const fans = await f.participants(150);
    const held = await Promise.all(fans.map((p, i) => inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, p, { poolId: pools[i % 2], holdMs: 1 })))));
    const ids = held.map((r) => (r.status === 'reserved' ? r.entryId : ''));
    await new Promise((r) => setTimeout(r, 5));
    const commits = ids.map((id) =>
      inTx(db, (tx) => ledger.commit(tx, f.workspaceId, id)).then(
        () => 'committed',
        (err: { code?: string }) => err.code,
      ),
    );
    const sweeps = Array.from({ length: 3 }, () => ledger.releaseExpired(new Date(Date.now() + 1000), 40));
    const [outcomes, released] = await Promise.all([Promise.all(commits), Promise.all(sweeps)]);
    const rest = await ledger.releaseExpired(new Date(Date.now() + 1000), 1000);
    const committed = outcomes.filter((o) => o === 'committed').length;
    expect(outcomes.every((o) => o === 'committed' || o === 'LEDGER.ILLEGAL_TRANSITION')).toBe(true);
    expect(committed + released.reduce((a, b) => a + b, 0) + rest).toBe(150);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE campaign_id = $1 AND state = 'committed'`, [campaign]);
    expect(n).toBe(committed);
    expect(await f.violations(campaign)).toEqual([]);
  }, 60_000);

  it('should make one entry and take one unit when the same source key is claimed 50 times at once', async () => {
    const campaign = await f.campaign();
    const pool = await f.pool(campaign, { stock: 1 });
    const [fan] = await f.participants(1);
    const same = f.request(campaign, fan, { poolId: pool, sourceKey: 'draw:winner:1' });
    const results = await Promise.all(Array.from({ length: 50 }, () => inTx(db, (tx) => ledger.award(tx, same))));
    expect(statuses(results)).toEqual({ committed: 1, already: 49 });
    expect(new Set(results.map((r) => (r.status === 'refused' ? r.reason : r.entryId))).size).toBe(1);
    expect(await f.stock(pool)).toEqual({ total: 1, reserved: 0, committed: 1 });

    const bounty = f.request(campaign, fan, { kind: 'bounty', amountMinor: 40, sourceKey: 'referral:1' });
    const paid = await Promise.all(Array.from({ length: 30 }, () => inTx(db, (tx) => ledger.award(tx, bounty))));
    expect(statuses(paid)).toEqual({ committed: 1, already: 29 });
    expect(await f.budget(campaign)).toMatchObject({ committed: 100 + 40 });
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM ledger_entry WHERE campaign_id = $1', [campaign]);
    expect(n).toBe(2);
    expect(await f.violations(campaign)).toEqual([]);
  });
});
