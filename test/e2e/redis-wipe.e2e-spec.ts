import { Logger } from '@nestjs/common';
import request from 'supertest';
import { provisionWorkspace } from '@lib/access';
import { createLiveCampaign, eventBody, waitFor, wipeRedis } from '@lib/testing';
import { scoreKeyBase } from '../../apps/scoring/src/spread/leaderboard.store';
import { useSystem } from '../support/system';

// The worker's own timer drives the sweeper; short here so healing shows within the test.
process.env.SWEEP_INTERVAL_MS = '500';

const BUYERS = 300;
type Event = Record<string, unknown>;

/**
 * Redis loses every key (queues and scores) twice while a campaign is under load and all three
 * apps keep running: the outcome must equal an undisturbed run of the same scenario, with every
 * accepted event processed exactly once, and without restarting anything.
 */
describe('Redis wiped under load, nothing restarted', () => {
  const sys = useSystem('Wiped');
  const count = async (sql: string, params: unknown[]) => Number((await sys.db.query(sql, params))[0].n);

  async function ingest(key: string, events: Event[]): Promise<void> {
    for (let i = 0; i < events.length; i += 300) {
      const body = (await request(sys.apiUrl).post('/v1/events').set({ authorization: `Bearer ${key}` }).send({ events: events.slice(i, i + 300) }).expect(202)).body;
      expect(body.accepted).toBe(Math.min(300, events.length - i));
    }
  }

  /** Purchases → invitations → posts → reposts two levels deep (a third sent before their parents). */
  async function scenario(key: string, workspaceId: string, hooks: { afterPurchases?: (campaignId: string) => Promise<void>; midReposts?: (campaignId: string) => Promise<void> } = {}) {
    const campaignId = await createLiveCampaign(sys.apiUrl, key);
    const purchases = Array.from({ length: BUYERS }, (_, i) =>
      eventBody('purchase', `buyer-${i}`, { data: { orderId: `order-${i}`, amount: 100 + i, currency: 'CNY' } }),
    );
    await ingest(key, purchases);
    await hooks.afterPurchases?.(campaignId);
    const sent = `SELECT count(*) AS n FROM outbound_message WHERE campaign_id = $1 AND purpose = 'invitation' AND status = 'sent'`;
    await waitFor(async () => (await count(sent, [campaignId])) === BUYERS, 'every invitation sent', 60_000);
    const invitations: { buyer: string; invitation: string }[] = await sys.db.query(
      `SELECT p.external_id AS buyer, m.body->>'invitationId' AS invitation FROM outbound_message m JOIN participant p ON p.id = m.participant_id
       WHERE m.campaign_id = $1 AND m.purpose = 'invitation'`,
      [campaignId],
    );
    const posts = invitations.map(({ buyer, invitation }) =>
      eventBody('post', buyer, { channel: 'wechat', data: { postId: `p-${buyer}`, invitationId: invitation, text: 'Got it #XiaomiTuesday#' } }),
    );
    const level1 = invitations.flatMap(({ buyer }) =>
      [0, 1].map((j) => eventBody('repost', `fan1-${buyer}-${j}`, { channel: 'weibo', data: { postId: `r1-${buyer}-${j}`, parentPostId: `p-${buyer}` } })),
    );
    const level2 = invitations.flatMap(({ buyer }) =>
      [0, 1].map((j) => eventBody('repost', `fan2-${buyer}-${j}`, { channel: 'forum', data: { postId: `r2-${buyer}-${j}`, parentPostId: `r1-${buyer}-${j}` } })),
    );
    const early = level2.length / 3;
    await ingest(key, level2.slice(0, early)); // children before their parents
    await ingest(key, [...posts, ...level1.slice(0, level1.length / 2)]);
    await hooks.midReposts?.(campaignId);
    await ingest(key, [...level1.slice(level1.length / 2), ...level2.slice(early)]);

    const spreadEvents = BUYERS * 5;
    await waitFor(
      async () =>
        (await count(`SELECT count(*) AS n FROM inbound_event WHERE workspace_id = $1 AND (processed_at IS NULL OR (type <> 'purchase' AND scored_at IS NULL))`, [workspaceId])) === 0 &&
        (await count(`SELECT count(*) AS n FROM spread_event WHERE campaign_id = $1 AND status = 'counted' AND credited_at IS NOT NULL`, [campaignId])) === spreadEvents,
      'every event processed, every spread event counted and credited',
      60_000,
    ).catch(async (err: Error) => {
      // Say what is stuck, so a failure here can be diagnosed from CI output alone.
      const stuck = await sys.db.query(
        `SELECT type, processed_at IS NULL AS unprocessed, scored_at IS NULL AS unscored, count(*) AS n FROM inbound_event
         WHERE workspace_id = $1 AND (processed_at IS NULL OR (type <> 'purchase' AND scored_at IS NULL)) GROUP BY 1, 2, 3`,
        [workspaceId],
      );
      const spread = await sys.db.query(
        `SELECT status, reason, credited_at IS NULL AS uncredited, count(*) AS n FROM spread_event WHERE campaign_id = $1 GROUP BY 1, 2, 3`,
        [campaignId],
      );
      throw new Error(`${err.message}\nstuck events: ${JSON.stringify(stuck)}\nspread rows: ${JSON.stringify(spread)}`);
    });
    return campaignId;
  }

  async function outcomesOf(key: string, campaignId: string) {
    const scoring = request(sys.scoringUrl);
    const auth = { authorization: `Bearer ${key}` };
    const outcomes = (await scoring.get(`/v1/campaigns/${campaignId}/outcomes`).set(auth).expect(200)).body;
    const board: Record<string, number> = {};
    for (let offset = 0; ; offset += 100) {
      const items: { participantId: string; score: number }[] = (await scoring.get(`/v1/campaigns/${campaignId}/leaderboard`).query({ offset, limit: 100 }).set(auth).expect(200)).body.items;
      for (const item of items) board[item.participantId] = item.score;
      if (items.length < 100) break;
    }
    // Ids differ between workspaces; HyperLogLog estimates of different ids may differ slightly; tied ranks order by id.
    const { campaignId: _id, uniqueReach, topSpreaders, ...figures } = outcomes;
    return { figures, uniqueReach: uniqueReach as number, topScores: topSpreaders.map((t: { score: number }) => t.score), board };
  }

  it('should end exactly as an undisturbed run when Redis loses everything twice mid-load', async () => {
    const control = await provisionWorkspace(sys.db, 'Control', 'control');
    const t0 = Date.now();
    const undisturbedId = await scenario(control.adminKey, control.workspaceId);
    const expected = await outcomesOf(control.adminKey, undisturbedId);
    expect(expected.figures).toMatchObject({ posts: BUYERS, reposts: BUYERS * 4, uniqueReachExact: BUYERS * 5, maxCascadeDepth: 2, activities: { completed: BUYERS } });

    const undisturbedMs = Date.now() - t0;
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const consoleError = jest.spyOn(console, 'error');
    const wipes: number[] = [];
    const wipe = async (campaignId: string) => {
      wipes.push(Date.now());
      // Queues and scores in one atomic step, as a real loss is.
      await wipeRedis(process.env.REDIS_URL!, [`${process.env.QUEUE_PREFIX}:*`, `${scoreKeyBase(campaignId)}:*`]);
    };
    const started = Date.now();
    // The first wipe hits the purchases' routing, activation and send jobs in flight; the second, the reposts'.
    const campaignId = await scenario(sys.key, sys.workspaceId, { afterPurchases: wipe, midReposts: wipe });
    const elapsed = Date.now() - started;

    // Exactly once: one activity per purchase, one spread row per spread event, one invitation each.
    expect(await count(`SELECT count(*) AS n FROM activity WHERE campaign_id = $1`, [campaignId])).toBe(BUYERS);
    expect(await count(`SELECT count(*) AS n FROM (SELECT 1 FROM inbound_event e JOIN spread_event s ON s.inbound_event_id = e.id WHERE e.workspace_id = $1 GROUP BY e.id HAVING count(*) = 1) x`, [sys.workspaceId])).toBe(BUYERS * 5);
    expect(await count(`SELECT count(*) AS n FROM outbound_message WHERE campaign_id = $1 AND purpose = 'invitation'`, [campaignId])).toBe(BUYERS);
    const actual = await outcomesOf(sys.key, campaignId);
    expect(actual.figures).toEqual(expected.figures);
    expect(actual.topScores).toEqual(expected.topScores);
    expect(actual.board).toEqual(expected.board);
    expect(Math.abs(actual.uniqueReach - BUYERS * 5)).toBeLessThan(BUYERS * 5 * 0.03);

    // One warning per queue per loss for jobs whose keys vanished, never a raw stack trace.
    const lost = warn.mock.calls.filter(([m]) => typeof m === 'object' && String((m as { msg?: string }).msg).startsWith('running jobs lost their Redis keys'));
    expect(lost.length).toBeLessThanOrEqual(4 * wipes.length);
    expect(consoleError.mock.calls.filter(([e]) => String(e).includes('Missing key'))).toEqual([]);
    const heartbeat = (await sys.db.query(`SELECT last_pass FROM worker_heartbeat WHERE name = 'sweeper'`))[0];
    expect(heartbeat.last_pass.error).toBeUndefined();
    process.stdout.write(`redis-wipe: ${BUYERS * 6} events with two wipes finished in ${elapsed} ms (undisturbed: ${undisturbedMs} ms); ${lost.length} lost-job warnings\n`);
  }, 120_000);
});
