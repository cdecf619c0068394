import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { CanyuConfigModule, DatabaseEnv } from '@lib/config';
import { AwardResult, campaignSpend, Ledger, LedgerModule, RESERVATION_EXPIRED } from '@lib/ledger';
import { PersistenceModule } from '@lib/persistence';
import { truncateAll } from '@lib/testing';
import { inTx, LedgerFixtures } from '../support/ledger-fixtures';

// An entry's life against real PostgreSQL: reserve → commit, release, expiry, clawback,
// fallbacks, limits, rollbacks and workspace scoping, with the history each move leaves.
describe('Ledger entry lifecycle', () => {
  let module: TestingModule;
  let db: DataSource;
  let ledger: Ledger;
  let f: LedgerFixtures;
  let campaign: string;
  let fan: string;

  const entryId = (r: AwardResult): string => {
    if (r.status === 'refused') throw new Error(`refused: ${r.reason}`);
    return r.entryId;
  };
  const history = async (id: string) =>
    (await db.query('SELECT from_state, to_state, reason FROM ledger_entry_event WHERE entry_id = $1 ORDER BY created_at', [id])) as { from_state: string | null; to_state: string; reason: string | null }[];
  const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (err: { code?: string }) => err.code ?? String(err));

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([DatabaseEnv]), PersistenceModule, LedgerModule] }).compile();
    db = module.get(DataSource);
    ledger = module.get(Ledger);
    await truncateAll(db);
    f = new LedgerFixtures(db, (await provisionWorkspace(db, 'Ledger life', 'ledger-life')).workspaceId);
  });

  beforeEach(async () => {
    campaign = await f.campaign({ totalMinor: 10_000 });
    [fan] = await f.participants(1);
  });

  afterAll(() => module.close());

  it('should hold a reservation, then turn it into spend on commit, naming the activity that earned it', async () => {
    const pool = await f.pool(campaign, { stock: 3, unitMinor: 1200 });
    const activityId = '00000000-0000-4000-8000-0000000000a1';
    const r = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool, activityId })));
    expect(r).toMatchObject({ status: 'reserved', poolId: pool, amountMinor: 1200, state: 'reserved' });
    expect(await f.stock(pool)).toEqual({ total: 3, reserved: 1, committed: 0 });
    expect(await f.budget(campaign)).toEqual({ total: 10_000, reserved: 1200, committed: 0 });

    const committed = await inTx(db, (tx) => ledger.commit(tx, f.workspaceId, entryId(r)));
    expect(committed).toMatchObject({ state: 'committed', activityId, reservedUntil: null, currency: 'CNY' });
    expect(await f.stock(pool)).toEqual({ total: 3, reserved: 0, committed: 1 });
    expect(await f.budget(campaign)).toEqual({ total: 10_000, reserved: 0, committed: 1200 });
    // Committing again changes nothing.
    await inTx(db, (tx) => ledger.commit(tx, f.workspaceId, entryId(r)));
    expect(await history(entryId(r))).toEqual([
      { from_state: null, to_state: 'reserved', reason: null },
      { from_state: 'reserved', to_state: 'committed', reason: null },
    ]);
    expect(await f.violations(campaign)).toEqual([]);
  });

  it('should give a released reservation back and refuse to commit it afterwards', async () => {
    const pool = await f.pool(campaign, { stock: 1 });
    const r = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool })));
    await inTx(db, (tx) => ledger.release(tx, f.workspaceId, entryId(r), 'PAYMENT_FAILED'));
    expect(await f.stock(pool)).toEqual({ total: 1, reserved: 0, committed: 0 });
    expect(await codeOf(inTx(db, (tx) => ledger.commit(tx, f.workspaceId, entryId(r))))).toBe('LEDGER.ILLEGAL_TRANSITION');
    const again = await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })));
    expect(again.status).toBe('committed');
  });

  it('should release reservations past their hold back to stock and budget, and only those', async () => {
    const pool = await f.pool(campaign, { stock: 5, unitMinor: 300 });
    const short = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool, holdMs: 50 })));
    const long = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool, holdMs: 3_600_000 })));
    const committedEarly = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool, holdMs: 50 })));
    await inTx(db, (tx) => ledger.commit(tx, f.workspaceId, entryId(committedEarly)));

    expect(await ledger.releaseExpired(new Date(Date.now() + 60_000))).toBe(1);
    expect(await ledger.releaseExpired(new Date(Date.now() + 60_000))).toBe(0);
    const [row] = await db.query('SELECT state, reason, reserved_until FROM ledger_entry WHERE id = $1', [entryId(short)]);
    expect(row).toEqual({ state: 'released', reason: RESERVATION_EXPIRED, reserved_until: null });
    expect(await f.stock(pool)).toEqual({ total: 5, reserved: 1, committed: 1 });
    expect(await f.budget(campaign)).toEqual({ total: 10_000, reserved: 300, committed: 300 });
    const [still] = await db.query('SELECT state FROM ledger_entry WHERE id = $1', [entryId(long)]);
    expect(still.state).toBe('reserved');
    expect(await f.violations(campaign)).toEqual([]);
  });

  it('should take a clawed-back prize back: stock and budget regain it, spend drops, the limit still counts it', async () => {
    const pool = await f.pool(campaign, { stock: 2, unitMinor: 2500, limit: 1 });
    const r = await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })));
    const clawed = await inTx(db, (tx) => ledger.clawback(tx, f.workspaceId, entryId(r), 'duplicate accounts'));
    expect(clawed).toMatchObject({ state: 'clawed_back', reason: 'duplicate accounts' });
    expect(await f.stock(pool)).toEqual({ total: 2, reserved: 0, committed: 0 });
    expect(await f.budget(campaign)).toEqual({ total: 10_000, reserved: 0, committed: 0 });
    const spend = await campaignSpend(db, f.workspaceId, campaign);
    expect(spend).toMatchObject({ currency: 'CNY', committedMinor: 0, clawedBackMinor: 2500, remainingMinor: 10_000 });

    const retry = await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })));
    expect(retry).toEqual({ status: 'refused', reason: 'PARTICIPANT_LIMIT' });
    // Idempotent; and a released entry cannot be clawed back.
    await inTx(db, (tx) => ledger.clawback(tx, f.workspaceId, entryId(r), 'again'));
    expect((await history(entryId(r))).map((h) => h.to_state)).toEqual(['committed', 'clawed_back']);
    const [other] = await f.participants(1);
    const held = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, other, { poolId: pool })));
    await inTx(db, (tx) => ledger.release(tx, f.workspaceId, entryId(held), 'no'));
    expect(await codeOf(inTx(db, (tx) => ledger.clawback(tx, f.workspaceId, entryId(held), 'late')))).toBe('LEDGER.ILLEGAL_TRANSITION');
    expect(await f.violations(campaign)).toEqual([]);
  });

  it('should use the fallback pools in order when the first is out of stock', async () => {
    const first = await f.pool(campaign, { stock: 1, unitMinor: 500 });
    const second = await f.pool(campaign, { stock: 1, unitMinor: 200 });
    const third = await f.pool(campaign, { stock: 5, unitMinor: 100 });
    const fans = await f.participants(4);
    const results = [];
    for (const p of fans) results.push(await inTx(db, (tx) => ledger.award(tx, f.request(campaign, p, { poolId: first, fallbackPoolIds: [second, third] }))));
    expect(results.map((r) => (r.status === 'refused' ? r.reason : [r.poolId, r.amountMinor]))).toEqual([[first, 500], [second, 200], [third, 100], [third, 100]]);
    const unknown = await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: first, fallbackPoolIds: ['00000000-0000-4000-8000-000000000bad'] })));
    expect(unknown).toEqual({ status: 'refused', reason: 'POOL_NOT_FOUND' });
    expect(await f.violations(campaign)).toEqual([]);
  });

  it('should refuse a participant past a pool limit, counting reservations but not releases', async () => {
    const pool = await f.pool(campaign, { stock: 10, limit: 2 });
    const a = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool })));
    await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })));
    expect(await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })))).toEqual({ status: 'refused', reason: 'PARTICIPANT_LIMIT' });
    await inTx(db, (tx) => ledger.release(tx, f.workspaceId, entryId(a), 'changed mind'));
    expect((await inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool })))).status).toBe('committed');
  });

  it('should refuse an amount with no budget row, and leave nothing behind when the caller rolls back', async () => {
    const [{ id: bare }] = await db.query(`INSERT INTO campaign (workspace_id, name, timezone, version) VALUES ($1, 'bare', 'UTC', 1) RETURNING id`, [f.workspaceId]);
    expect(await inTx(db, (tx) => ledger.award(tx, f.request(bare, fan, { kind: 'gift', amountMinor: 1000 })))).toEqual({ status: 'refused', reason: 'NO_BUDGET' });

    const pool = await f.pool(campaign, { stock: 1 });
    const req = f.request(campaign, fan, { poolId: pool, sourceKey: 'rolled-back' });
    const failed = inTx(db, async (tx) => {
      await ledger.award(tx, req);
      throw new Error('the mechanic failed after awarding');
    });
    await expect(failed).rejects.toThrow('the mechanic failed');
    expect(await f.stock(pool)).toEqual({ total: 1, reserved: 0, committed: 0 });
    expect((await inTx(db, (tx) => ledger.award(tx, req))).status).toBe('committed');
  });

  it("should keep workspaces and campaigns apart, and refuse to run outside a transaction", async () => {
    const pool = await f.pool(campaign, { stock: 1 });
    const r = await inTx(db, (tx) => ledger.reserve(tx, f.request(campaign, fan, { poolId: pool })));
    const otherWs = (await provisionWorkspace(db, 'Other', 'ledger-other')).workspaceId;
    expect(await codeOf(inTx(db, (tx) => ledger.commit(tx, otherWs, entryId(r))))).toBe('LEDGER.ENTRY_NOT_FOUND');
    const otherCampaign = await f.campaign();
    expect(await inTx(db, (tx) => ledger.award(tx, f.request(otherCampaign, fan, { poolId: pool })))).toEqual({ status: 'refused', reason: 'POOL_NOT_FOUND' });
    await expect(ledger.award(db.manager, f.request(campaign, fan, { poolId: pool }))).rejects.toThrow('inside a transaction');
    expect(await codeOf(inTx(db, (tx) => ledger.award(tx, f.request(campaign, fan, { poolId: pool, amountMinor: 5 }))))).toBe('LEDGER.INVALID_AWARD');
  });
});
