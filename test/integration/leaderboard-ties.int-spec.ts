import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, TestingModule } from '@nestjs/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { BoardEntry, Credit, LeaderboardStore } from '../../apps/scoring/src/spread/leaderboard.store';
import { CanyuConfigModule, DatabaseEnv, RedisEnv } from '@lib/config';
import { PersistenceModule } from '@lib/persistence';
import { RedisModule } from '@lib/queue';
import { wipeScores } from '../support/system';

// The leaderboard on real Redis and Postgres: exact sums, ties by earlier achievement then
// smaller participant id, the same board whatever the credit order or a rebuild.
describe('leaderboard ties', () => {
  let module: TestingModule;
  let store: LeaderboardStore;
  let db: DataSource;
  const campaigns: string[] = [];
  const T0 = Date.parse('2026-03-03T02:00:00Z');

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([DatabaseEnv, RedisEnv]), PersistenceModule, RedisModule],
      providers: [LeaderboardStore],
    }).compile();
    await module.init();
    store = module.get(LeaderboardStore);
    db = module.get(DataSource);
  });

  afterAll(async () => {
    await wipeScores(...campaigns);
    if (campaigns.length > 0) await db.query('DELETE FROM spread_event WHERE campaign_id = ANY($1)', [campaigns]);
    await module.close();
  });

  const newCampaign = () => {
    const id = randomUUID();
    campaigns.push(id);
    return id;
  };
  const credit = (campaignId: string, actorId: string, weight: number, atMs: number): Credit => ({
    spreadEventId: randomUUID(),
    campaignId,
    actorId,
    weight,
    occurredAt: new Date(atMs),
  });
  const readAll = async (campaignId: string, size: number) => store.top(campaignId, 0, size);
  /** Stores credits as counted spread events, as the recorder would, for the rebuild to read. */
  const persist = async (credits: Credit[]) => {
    for (let i = 0; i < credits.length; i += 1000) {
      const part = credits.slice(i, i + 1000);
      await db.query(
        `INSERT INTO spread_event (id, workspace_id, campaign_id, inbound_event_id, actor_id, kind, channel, weight, status, occurred_at)
         SELECT id, $1, campaign_id, gen_random_uuid(), actor_id, 'repost', 'wechat', weight, 'counted', occurred_at
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::float8[], $6::timestamptz[]) AS t(id, campaign_id, actor_id, weight, occurred_at)`,
        [randomUUID(), part.map((c) => c.spreadEventId), part.map((c) => c.campaignId), part.map((c) => c.actorId), part.map((c) => c.weight), part.map((c) => c.occurredAt)],
      );
    }
  };
  /** The documented rule, computed independently: score desc, achievement asc, id asc. */
  const expected = (credits: Credit[]): BoardEntry[] => {
    const by = new Map<string, { micro: number; at: number }>();
    for (const c of credits) {
      const e = by.get(c.actorId) ?? { micro: 0, at: -Infinity };
      by.set(c.actorId, { micro: e.micro + Math.round(c.weight * 1e6), at: Math.max(e.at, c.occurredAt.getTime()) });
    }
    return [...by]
      .sort(([a, x], [b, y]) => y.micro - x.micro || x.at - y.at || (a < b ? -1 : a > b ? 1 : 0))
      .map(([participantId, e]) => ({ participantId, score: e.micro / 1e6, achievedAt: new Date(e.at) }));
  };
  const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

  it('should order equal scores by earlier achievement, then smaller participant id, with exact sums', async () => {
    const cid = newCampaign();
    const [a, b, c, d] = ids(4).sort();
    const credits = [
      // d: 0.1 + 0.2 is 0.30000000000000004 in floats; in micro-points it ties with 0.3.
      credit(cid, d, 0.1, T0 + 1_000),
      credit(cid, d, 0.2, T0 + 2_000),
      credit(cid, c, 0.3, T0 + 5_000),
      // a and b reach 0.3 at the same instant: the smaller id first.
      credit(cid, b, 0.3, T0 + 3_000),
      credit(cid, a, 0.15, T0 + 3_000),
      credit(cid, a, 0.15, T0 + 1_000),
    ];
    await store.creditMany(credits);
    const board = await readAll(cid, 10);
    expect(board).toEqual([
      { participantId: d, score: 0.3, achievedAt: new Date(T0 + 2_000) },
      { participantId: a, score: 0.3, achievedAt: new Date(T0 + 3_000) },
      { participantId: b, score: 0.3, achievedAt: new Date(T0 + 3_000) },
      { participantId: c, score: 0.3, achievedAt: new Date(T0 + 5_000) },
    ]);
  });

  it('should give the identical board for every credit order, and again after a rebuild from Postgres', async () => {
    const people = ids(60);
    const weights = [0.3, 0.8, 0.48, 0.192, 0.098304, 0.251658, 0.1, 0.2, 0.5, 1];
    const truthId = newCampaign();
    // Few distinct weights and times: many ties, several of them broken only by id.
    const events = Array.from({ length: 400 }, (_, i) => ({
      actor: people[(i * 7919) % people.length],
      weight: weights[(i * 31) % weights.length],
      at: T0 + ((i * 13) % 5) * 60_000,
    }));
    const truth = events.map((e) => credit(truthId, e.actor, e.weight, e.at));
    await persist(truth);
    const want = expected(truth);
    expect(new Set(want.map((w) => w.score)).size).toBeLessThan(want.length); // there are ties

    // Built from Postgres alone (no keys yet): the rule's board.
    expect(await readAll(truthId, 100)).toEqual(want);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(truth, { minLength: truth.length }), fc.integer({ min: 1, max: 60 }), async (order, chunk) => {
        const cid = newCampaign();
        for (let i = 0; i < order.length; i += chunk) await store.creditMany(order.slice(i, i + chunk).map((c) => ({ ...c, campaignId: cid })));
        // A replayed batch changes nothing.
        await store.creditMany(order.slice(0, chunk).map((c) => ({ ...c, campaignId: cid })));
        expect(await readAll(cid, 100)).toEqual(want);
      }),
      { numRuns: 8 },
    );
    // Redis loses the campaign's keys: the rebuild gives the identical board.
    await wipeScores(truthId);
    expect(await readAll(truthId, 100)).toEqual(want);
  });

  it('should page through a large tie group without duplicates or gaps', async () => {
    const cid = newCampaign();
    const people = ids(2_000);
    // Everyone scores 0.8; a quarter of them got there a minute later.
    const credits = people.map((p, i) => credit(cid, p, 0.8, T0 + (i % 4 === 0 ? 60_000 : 0)));
    await persist(credits);
    const want = expected(credits).map((e) => e.participantId);
    for (const size of [100, 37]) {
      const seen: string[] = [];
      for (let offset = 0; offset < people.length + size; offset += size) {
        seen.push(...(await store.top(cid, offset, size)).map((e) => e.participantId));
      }
      expect(seen).toEqual(want);
    }
    // Same after a rebuild.
    await wipeScores(cid);
    expect((await store.top(cid, 1_000, 50)).map((e) => e.participantId)).toEqual(want.slice(1_000, 1_050));
  });
});
