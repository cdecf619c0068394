import request from 'supertest';
import { createLiveCampaign, eventBody, waitFor, waitForInvitation } from '@lib/testing';
import { useSystem } from '../support/system';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

// New followers are unique people attributed by business time; posts are found by their topic.
describe('follows and posts found by topic', () => {
  const sys = useSystem('Follows');
  const ingest = async (events: Record<string, unknown>[]) => (await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send({ events }).expect(202)).body;
  const outcomes = (id: string) => request(sys.scoringUrl).get(`/v1/campaigns/${id}/outcomes`).set(sys.auth()).expect(200).then((r) => r.body);
  const settled = (ids: string[]) =>
    waitFor(async () => {
      const [{ n }] = await sys.db.query('SELECT count(*)::int AS n FROM spread_event WHERE inbound_event_id = ANY($1)', [ids]);
      return n === ids.length;
    }, 'every follow recorded');

  it('should count brand follows as unique new followers of every campaign running at the time, whatever the arrival order', async () => {
    const hour = 3_600_000;
    const early = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'running all day', startsAt: new Date(Date.now() - 10 * hour).toISOString() }, { trigger: { eventType: 'purchase-f1' } });
    const late = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'started an hour ago', startsAt: new Date(Date.now() - hour).toISOString() }, { trigger: { eventType: 'purchase-f2' } });
    const follow = (who: string, minutes: number, data: Record<string, unknown> = {}) => eventBody('follow', who, { occurredAt: minutesAgo(minutes), channel: 'weibo', data });
    // fan-b's later follow arrives first; fan-a follows twice; fan-c before either campaign ran.
    const first = await ingest([follow('fan-b', 30), follow('fan-a', 120), follow('fan-a', 10)]);
    const second = await ingest([follow('fan-b', 300), follow('fan-c', 12 * 60), follow('fan-d', 5, { followerOf: 'XiaomiWeibo' })]);
    await settled([...first.results, ...second.results].map((r: { eventId: string }) => r.eventId));

    const a = await outcomes(early);
    const b = await outcomes(late);
    // early: fan-a (120 min ago), fan-b (its earliest follow, 300 min ago), fan-d; late: fan-a's
    // and fan-b's first follows predate it, so only fan-d is new for it.
    expect([a.newFollowers, b.newFollowers]).toEqual([3, 1]);
    expect(a.rejectedSpread).toEqual({ ALREADY_FOLLOWING: 2 });
    expect(b.rejectedSpread).toEqual({ ALREADY_FOLLOWING: 2 });
    expect((await request(sys.scoringUrl).get('/v1/outcomes/not-counted').set(sys.auth()).expect(200)).body.notCounted).toEqual({ ALREADY_FOLLOWING: 2, NO_CAMPAIGN_RUNNING: 1 });
    const repeat = first.results[2].eventId as string; // fan-a's second follow
    const explained = (await request(sys.apiUrl).get(`/v1/events/${repeat}/explain`).set(sys.auth()).expect(200)).body;
    expect(explained.follow).toMatchObject({ account: 'brand', newFollower: false, reason: 'ALREADY_FOLLOWING' });
    expect(explained.follow.campaignIds.sort()).toEqual([early, late].sort());
    // Brand follows score nothing: nobody is on the leaderboard for following.
    expect(a.topSpreaders).toEqual([]);
  });

  it('should find a post without invitation id by its topic, also one sent before its purchase was processed', async () => {
    const id = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'topics' }, { trigger: { eventType: 'purchase-t' } });
    const api = request(sys.apiUrl);
    // buyer-1: purchase, then a post naming no invitation but carrying the topic (full-width marks).
    await ingest([eventBody('purchase-t', 'topic-buyer-1', { occurredAt: minutesAgo(30) })]);
    await waitForInvitation(sys.apiUrl, sys.key, 'topic-buyer-1');
    await ingest([eventBody('post', 'topic-buyer-1', { occurredAt: minutesAgo(20), channel: 'wechat', data: { postId: 'tp-1', text: 'got it ＃xiaomituesday＃' } })]);
    // buyer-2: the post arrives before the purchase; it waits, and the purchase's activity claims it.
    const early = await ingest([eventBody('post', 'topic-buyer-2', { occurredAt: minutesAgo(10), channel: 'wechat', data: { postId: 'tp-2', topics: ['#XiaomiTuesday'] } })]);
    await waitFor(async () => (await sys.db.query(`SELECT reason FROM spread_event WHERE post_ref = 'tp-2'`))[0]?.reason === 'WAITING_FOR_INVITATION', 'tp-2 waiting');
    expect((await request(sys.scoringUrl).get('/v1/outcomes/not-counted').set(sys.auth()).expect(200)).body.notCounted.WAITING_FOR_INVITATION).toBeGreaterThanOrEqual(1);
    await ingest([eventBody('purchase-t', 'topic-buyer-2', { occurredAt: minutesAgo(15) })]);
    // buyer-3: a post without the topic stays unattributed.
    await ingest([eventBody('post', 'topic-buyer-3', { occurredAt: minutesAgo(5), data: { postId: 'tp-3', text: 'no hashtag' } })]);

    const done = await waitFor(async () => {
      const o = await outcomes(id);
      return o.posts === 2 ? o : null;
    }, 'both topic posts counted');
    expect(done.activities).toEqual({ completed: 2 });
    const explained = (await api.get(`/v1/events/${early.results[0].eventId}/explain`).set(sys.auth()).expect(200)).body;
    expect(explained.mechanicInput).toMatchObject({ accepted: true });
    expect(explained.spread).toMatchObject({ status: 'counted', depth: 0 });
    expect((await sys.db.query(`SELECT status, reason FROM spread_event WHERE post_ref = 'tp-3'`))[0]).toEqual({ status: 'pending_parent', reason: 'WAITING_FOR_INVITATION' });
  });

  it("should take only the workspace's brand accounts once it names them", async () => {
    await request(sys.apiUrl).patch('/v1/workspace').set(sys.auth()).send({ brandAccounts: ['XiaomiWeibo'] }).expect(200);
    const res = await ingest([
      eventBody('follow', 'brand-fan-x', { data: { followerOf: 'SomeoneElse' } }),
      eventBody('follow', 'brand-fan-y', { data: {} }),
    ]);
    await settled(res.results.map((r: { eventId: string }) => r.eventId));
    const rows = await sys.db.query(`SELECT account, status, reason FROM spread_event WHERE inbound_event_id = ANY($1) ORDER BY status`, [res.results.map((r: { eventId: string }) => r.eventId)]);
    expect(rows).toEqual([
      { account: 'XiaomiWeibo', status: 'counted', reason: null },
      { account: null, status: 'rejected', reason: 'NOT_A_BRAND_ACCOUNT' },
    ]);
  });
});
