import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { AttemptLog, CodeIssuer, CodeRedemptions, CodeReservations, CodesModule, CodeTransfers } from '@lib/codes';
import { CanyuConfigModule, CodesEnv, DatabaseEnv } from '@lib/config';
import { checkSymbol, CODE_ALPHABET, CodeErrors } from '@lib/domain';
import { CodePoolEntity } from '@lib/persistence';
import { truncateAll } from '@lib/testing';

// Codes against real PostgreSQL under contention: redemption is single use whatever the
// interleaving, a transfer racing a redemption has one winner, reservations are consumed once.
describe('Invite codes under concurrency', () => {
  let module: TestingModule;
  let db: DataSource;
  let issuer: CodeIssuer;
  let redemptions: CodeRedemptions;
  let reservations: CodeReservations;
  let transfers: CodeTransfers;
  let workspaceId: string;
  let campaignId: string;

  const pool = async (over: Partial<CodePoolEntity> = {}): Promise<CodePoolEntity> =>
    db.getRepository(CodePoolEntity).save(db.getRepository(CodePoolEntity).create({ workspaceId, campaignId, name: 'spec', holdSeconds: 900, ...over }));
  const generate = (p: CodePoolEntity, n: number) => db.transaction((tx) => issuer.generate(tx, p, n, null));
  const allocate = async (p: CodePoolEntity, who: string, n = 1, circle: string | null = null) => {
    const r = await db.transaction((tx) => issuer.allocate(tx, p, { participantId: who, circle }, n, new Date()));
    if (!r.ok) throw new Error(r.reason);
    return r.codes.map((c) => c.code);
  };
  const count = async (sqlText: string, params: unknown[]) => Number((await db.query(sqlText, params))[0].n);

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([DatabaseEnv, CodesEnv]), CodesModule] }).compile();
    await module.init();
    db = module.get(DataSource);
    [issuer, redemptions, reservations, transfers] = [module.get(CodeIssuer), module.get(CodeRedemptions), module.get(CodeReservations), module.get(CodeTransfers)];
    await truncateAll(db);
    workspaceId = (await provisionWorkspace(db, 'Codes race', 'codes-race')).workspaceId;
    [{ id: campaignId }] = await db.query(`INSERT INTO campaign (workspace_id, name, timezone, version) VALUES ($1, 'codes', 'Asia/Shanghai', 1) RETURNING id`, [workspaceId]);
  });

  afterAll(() => module.close());

  it('should let 1,000 parallel redemptions of 100 codes succeed exactly 100 times, no code used twice', async () => {
    const p = await pool();
    const { codes } = await generate(p, 100);
    // Ten people race for every code, in a shuffled order, all at once.
    const tries = codes.flatMap((code, i) => Array.from({ length: 10 }, (_, k) => ({ code, who: `fan-${(i * 10 + k) % 337}` }))).sort(() => Math.random() - 0.5);
    const results = await Promise.all(tries.map((t) => redemptions.redeem({ workspaceId, campaignId, participantId: t.who, code: t.code })));
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(100);
    expect(new Set(won.map((r) => r.ok && r.codeId)).size).toBe(100);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === CodeErrors.ALREADY_USED)).toBe(true);
    // From the database: every code redeemed once, by one person, with one history row.
    expect(await count(`SELECT count(*) AS n FROM invite_code WHERE pool_id = $1 AND state = 'redeemed' AND redeemed_by IS NOT NULL`, [p.id])).toBe(100);
    expect(await count(`SELECT count(*) AS n FROM code_event WHERE pool_id = $1 AND kind = 'redeemed'`, [p.id])).toBe(100);
    expect(await count(`SELECT count(*) AS n FROM (SELECT code_id FROM code_event WHERE pool_id = $1 AND kind = 'redeemed' GROUP BY code_id HAVING count(*) > 1) d`, [p.id])).toBe(0);
    // One attempt log for the module (redeem, reserve and transfer write through it).
    expect(redemptions.attempts).toBe(module.get(AttemptLog));
    await redemptions.attempts.flush();
    expect(await count(`SELECT count(*) AS n FROM code_attempt WHERE campaign_id = $1 AND action = 'redeem'`, [campaignId])).toBeGreaterThanOrEqual(1000);
  });

  it('should tell a typo from a guess, and a guess from a code of another person', async () => {
    const p = await pool();
    const [mine] = await allocate(p, 'owner-1');
    const typo = mine.slice(0, -1) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(mine.slice(-1)) + 1) % 32];
    const payload = 'ABCDEFGHJK';
    const guess = payload + checkSymbol(payload);
    const r = (code: string, who = 'someone') => redemptions.redeem({ workspaceId, campaignId, participantId: who, code });
    expect(await r(typo)).toEqual({ ok: false, reason: CodeErrors.TYPO });
    expect(await r('not a code')).toEqual({ ok: false, reason: CodeErrors.MALFORMED });
    expect(await r(guess)).toEqual({ ok: false, reason: CodeErrors.UNKNOWN });
    expect(await r(mine)).toMatchObject({ ok: false, reason: CodeErrors.NOT_YOURS });
    expect(await r(mine.toLowerCase().replace(/(.{4})/g, '$1-'), 'owner-1')).toMatchObject({ ok: true });
  });

  it('should give each code to exactly one of a transfer and a redemption racing for it', async () => {
    const p = await pool();
    const codes = await allocate(p, 'giver', 50);
    const outcomes = await Promise.all(
      codes.map(async (code) => {
        const [redeemed, moved] = await Promise.all([
          redemptions.redeem({ workspaceId, campaignId, participantId: 'giver', code }),
          transfers.transfer({ workspaceId, campaignId, code, fromParticipantId: 'giver', toParticipantId: 'friend' }),
        ]);
        return { redeemed, moved };
      }),
    );
    for (const o of outcomes) {
      expect(Number(o.redeemed.ok) + Number(o.moved.ok)).toBe(1);
      if (!o.redeemed.ok) expect(o.redeemed.reason).toBe(CodeErrors.NOT_YOURS);
      if (!o.moved.ok) expect(o.moved.reason).toBe(CodeErrors.ALREADY_USED);
    }
    const given = outcomes.filter((o) => o.moved.ok).length;
    expect(await count(`SELECT count(*) AS n FROM invite_code WHERE pool_id = $1 AND holder = 'friend' AND state = 'allocated'`, [p.id])).toBe(given);
    expect(await count(`SELECT count(*) AS n FROM invite_code WHERE pool_id = $1 AND state = 'redeemed'`, [p.id])).toBe(50 - given);
    // Changing hands once: the friend cannot pass a gift on.
    const gift = codes[outcomes.findIndex((o) => o.moved.ok)];
    if (gift) expect(await transfers.transfer({ workspaceId, campaignId, code: gift, fromParticipantId: 'friend', toParticipantId: 'third' })).toMatchObject({ ok: false, reason: CodeErrors.ALREADY_TRANSFERRED });
  });

  it('should hold the per-participant limit and the capacity under concurrent allocations', async () => {
    const p = await pool({ perParticipantLimit: 3, capacity: 10 });
    const one = await Promise.all(Array.from({ length: 20 }, () => db.transaction((tx) => issuer.allocate(tx, p, { participantId: 'eager', circle: null }, 1, new Date()))));
    expect(one.filter((r) => r.ok)).toHaveLength(3);
    expect(one.filter((r) => !r.ok).every((r) => !r.ok && r.reason === CodeErrors.PARTICIPANT_LIMIT_REACHED)).toBe(true);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => db.transaction((tx) => issuer.allocate(tx, p, { participantId: `p${i}`, circle: null }, 1, new Date()))));
    expect(many.filter((r) => r.ok)).toHaveLength(7);
    expect(await count(`SELECT count(*) AS n FROM invite_code WHERE pool_id = $1`, [p.id])).toBe(10);
  });

  it('should consume a reservation once however often the purchase is delivered, and release one whose hold ended', async () => {
    const p = await pool({ holdSeconds: 60, skus: ['mi-11'] });
    const [a, b] = (await generate(p, 2)).codes;
    expect(await reservations.reserve({ workspaceId, campaignId, participantId: 'buyer', code: a, sku: 'redmi' })).toMatchObject({ ok: false, reason: CodeErrors.WRONG_PRODUCT });
    const res = await reservations.reserve({ workspaceId, campaignId, participantId: 'buyer', code: a, sku: 'mi-11' });
    if (!res.ok) throw new Error(res.reason);
    expect(await reservations.reserve({ workspaceId, campaignId, participantId: 'other', code: a })).toMatchObject({ ok: false, reason: CodeErrors.RESERVED });
    expect(await reservations.reserve({ workspaceId, campaignId, participantId: 'buyer', code: a })).toMatchObject({ ok: true, reservationId: res.reservationId });
    const purchase = { workspaceId, eventId: 'e1', occurredAt: new Date(), participantId: 'buyer', reservationId: res.reservationId };
    // Someone else's purchase naming the reservation does not use the buyer's code.
    expect(await db.transaction((tx) => reservations.consumePurchase(tx, { ...purchase, eventId: 'e0', participantId: 'other' }))).toEqual({ consumed: false, reason: 'NOT_THE_HOLDER' });
    const twice = await Promise.all([db.transaction((tx) => reservations.consumePurchase(tx, purchase)), db.transaction((tx) => reservations.consumePurchase(tx, purchase))]);
    expect(twice.filter((c) => c.consumed)).toHaveLength(1);
    expect(twice.find((c) => !c.consumed)).toEqual({ consumed: false, reason: 'ALREADY_CONSUMED' });
    expect(await count(`SELECT count(*) AS n FROM code_event WHERE code_id = $1 AND kind = 'redeemed'`, [res.codeId])).toBe(1);

    const held = await reservations.reserve({ workspaceId, campaignId, participantId: 'slow', code: b });
    if (!held.ok) throw new Error(held.reason);
    expect(await reservations.releaseExpired(new Date(Date.now() + 30_000))).toBe(0);
    expect(await reservations.releaseExpired(new Date(Date.now() + 61_000))).toBe(1);
    const late = { workspaceId, eventId: 'e2', occurredAt: new Date(Date.now() + 120_000), participantId: 'slow', reservationId: held.reservationId };
    expect(await db.transaction((tx) => reservations.consumePurchase(tx, late))).toEqual({ consumed: false, reason: 'AFTER_HOLD' });
    // Released, the code is free again: someone else may use it.
    expect(await redemptions.redeem({ workspaceId, campaignId, participantId: 'next', code: b })).toMatchObject({ ok: true });
    const kinds = (await db.query(`SELECT kind FROM code_event WHERE code_id = $1 ORDER BY id`, [held.codeId])).map((r: { kind: string }) => r.kind);
    expect(kinds).toEqual(['issued', 'reserved', 'released', 'redeemed']);

    // An abandoned checkout gives the code back at once; releasing twice finds nothing.
    const [c] = (await generate(p, 1)).codes;
    const gone = await reservations.reserve({ workspaceId, campaignId, participantId: 'quitter', code: c });
    if (!gone.ok) throw new Error(gone.reason);
    expect(await reservations.release(workspaceId, gone.reservationId, 'CHECKOUT_ABANDONED')).toBe(true);
    expect(await reservations.release(workspaceId, gone.reservationId, 'CHECKOUT_ABANDONED')).toBe(false);
    expect(await reservations.reserve({ workspaceId, campaignId, participantId: 'next', code: c })).toMatchObject({ ok: true });
  });

  it('should refuse codes of an expired pool, then mark the unused ones expired with their history, once', async () => {
    const soon = new Date(Date.now() + 60_000);
    const p = await pool({ expiresAt: soon });
    const [used, left] = (await generate(p, 2)).codes;
    expect(await redemptions.redeem({ workspaceId, campaignId, participantId: 'early', code: used })).toMatchObject({ ok: true });
    // The pool's end comes (moved into the past rather than waited for).
    await db.query(`UPDATE code_pool SET expires_at = now() - interval '1 second' WHERE id = $1`, [p.id]);
    await db.query(`UPDATE invite_code SET expires_at = now() - interval '1 second' WHERE pool_id = $1`, [p.id]);
    expect(await redemptions.redeem({ workspaceId, campaignId, participantId: 'late', code: left })).toMatchObject({ ok: false, reason: CodeErrors.EXPIRED });
    expect(await redemptions.redeem({ workspaceId, campaignId, participantId: 'late', code: used })).toMatchObject({ ok: false, reason: CodeErrors.ALREADY_USED });
    const expired = await db.getRepository(CodePoolEntity).findOneByOrFail({ id: p.id });
    expect(await db.transaction((tx) => issuer.allocate(tx, expired, { participantId: 'late', circle: null }, 1, new Date()))).toMatchObject({ ok: false, reason: CodeErrors.POOL_EXPIRED });
    expect(await reservations.expireDue(new Date())).toBe(1);
    expect(await reservations.expireDue(new Date())).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM code_event WHERE pool_id = $1 AND kind = 'expired'`, [p.id])).toBe(1);
    expect((await db.query(`SELECT codes_expired_at FROM code_pool WHERE id = $1`, [p.id]))[0].codes_expired_at).not.toBeNull();
  });

  it('should redeem with HOT updates: no index entry is written for a redemption', async () => {
    const p = await pool();
    const { codes } = await generate(p, 200);
    const stats = `SELECT n_tup_hot_upd::int AS hot, n_tup_upd::int AS upd FROM pg_stat_user_tables WHERE relname = 'invite_code'`;
    await db.query('SELECT pg_stat_clear_snapshot()');
    const [before] = await db.query(stats);
    await Promise.all(codes.map((code, i) => redemptions.redeem({ workspaceId, campaignId, participantId: `hot-${i}`, code })));
    // Statistics reach the view asynchronously (an idle backend reports within about 10 s): wait until the updates are counted.
    let after = before;
    for (let i = 0; i < 200 && after.upd - before.upd < 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await db.query('SELECT pg_stat_clear_snapshot()');
      [after] = await db.query(stats);
    }
    // Earlier specs' updates may be counted late too; nearly all updates in the window are HOT.
    expect(after.upd - before.upd).toBeGreaterThanOrEqual(200);
    expect((after.hot - before.hot) / (after.upd - before.upd)).toBeGreaterThan(0.9);
  }, 30_000);
});
