import request from 'supertest';
import { JobProducer, QueueName } from '@lib/queue';
import { campaignBody, eventBody, socialPostNodeBody, waitFor, waitForIdle } from '@lib/testing';
import { useSystem } from '../support/system';

// create campaign → node → live → purchase → invitation in sandbox → post → reposts two
// levels deep (one arriving before its parent) → outcomes and leaderboard exactly right.
describe('golden flow: post after purchase', () => {
  const sys = useSystem('E2E');

  it('should score a purchase → post → cascade exactly once when batches are replayed', async () => {
    const api = request(sys.apiUrl);
    const campaign = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody()).expect(201)).body;
    await api.post(`/v1/campaigns/${campaign.id}/nodes`).set(sys.auth()).send(socialPostNodeBody()).expect(201);
    await api.post(`/v1/campaigns/${campaign.id}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${campaign.id}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);

    const purchase = eventBody('purchase', 'buyer-1', { data: { sku: 'mi-11', amount: 1999 } });
    const ingested = (await api.post('/v1/events').set(sys.auth()).send(purchase).expect(202)).body;
    expect(ingested).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });

    const invitation = await waitFor(async () => {
      const page = (await api.get('/v1/messages').query({ participantId: 'buyer-1', status: 'sent' }).set(sys.auth())).body;
      return page.items?.[0];
    }, 'the invitation in the sandbox');
    expect(invitation.purpose).toBe('invitation');
    expect(invitation.body.topic).toBe('#XiaomiTuesday#');
    expect(invitation.body.prompts).toHaveLength(2);
    const invitationId = invitation.body.invitationId as string;

    // The level-2 repost arrives first, then the post and the level-1 repost in one batch.
    const grandchild = eventBody('repost', 'fan-3', { channel: 'weibo', data: { postId: 'wb-3', parentPostId: 'wb-2' } });
    const post = eventBody('post', 'buyer-1', {
      channel: 'weibo',
      data: { postId: 'wb-1', invitationId, text: 'Bought mine! #XiaomiTuesday# more egg please' },
    });
    const child = eventBody('repost', 'fan-2', { channel: 'wechat', data: { postId: 'wb-2', parentPostId: 'wb-1' } });
    const child2 = eventBody('repost', 'fan-4', { channel: 'qq_zone', data: { postId: 'wb-4', parentPostId: 'wb-1' } });
    await api.post('/v1/events').set(sys.auth()).send(grandchild).expect(202);
    const batch = { events: [post, child, child2] };
    expect((await api.post('/v1/events').set(sys.auth()).send(batch).expect(202)).body.accepted).toBe(3);

    const scoring = request(sys.scoringUrl);
    const outcomes = await waitFor(async () => {
      const body = (await scoring.get(`/v1/campaigns/${campaign.id}/outcomes`).set(sys.auth())).body;
      // Counts come from Postgres at commit; the Redis credit follows right after.
      return body.reposts === 3 && body.topSpreaders?.length === 4 ? body : null;
    }, 'all reposts counted and credited');

    // weights: post weibo 0.3; wechat d1 1×0.8; qq_zone d1 0.6×0.8; weibo d2 0.3×0.64
    expect(outcomes).toMatchObject({
      participants: 4,
      activities: { completed: 1 },
      posts: 1,
      reposts: 3,
      uniqueReach: 4,
      uniqueReachExact: 4,
      maxCascadeDepth: 2,
      totalScore: 1.772,
      kFactor: 3,
      rejectedSpread: {},
    });
    expect(outcomes.generations).toEqual([
      { depth: 0, participants: 1, k: 2 },
      { depth: 1, participants: 2, k: 0.5 },
      { depth: 2, participants: 1, k: 0 },
    ]);
    expect(outcomes.perChannel).toEqual([
      { channel: 'qq_zone', events: 1, score: 0.48 },
      { channel: 'wechat', events: 1, score: 0.8 },
      { channel: 'weibo', events: 2, score: 0.492 },
    ]);
    const board = (await scoring.get(`/v1/campaigns/${campaign.id}/leaderboard`).set(sys.auth()).expect(200)).body.items;
    expect(board).toEqual([
      { rank: 1, participantId: 'fan-2', score: 0.8, achievedAt: child.occurredAt },
      { rank: 2, participantId: 'fan-4', score: 0.48, achievedAt: child2.occurredAt },
      { rank: 3, participantId: 'buyer-1', score: 0.3, achievedAt: post.occurredAt },
      { rank: 4, participantId: 'fan-3', score: 0.192, achievedAt: grandchild.occurredAt },
    ]);

    // Replaying everything changes nothing: same ids back, no new rows, same outcomes.
    const replay = (await api.post('/v1/events').set(sys.auth()).send({ events: [purchase, grandchild, post, child, child2] }).expect(202)).body;
    expect(replay).toMatchObject({ accepted: 0, duplicates: 5, rejected: 0 });
    expect(replay.results[0].eventId).toBe(ingested.results[0].eventId);
    const producer = sys.worker.get(JobProducer);
    await waitForIdle(Object.values(QueueName).map((q) => producer.queue(q)));
    const after = (await scoring.get(`/v1/campaigns/${campaign.id}/outcomes`).set(sys.auth()).expect(200)).body;
    expect(after).toEqual(outcomes);
    const messages = (await api.get('/v1/messages').query({ participantId: 'buyer-1' }).set(sys.auth())).body.items;
    expect(messages).toHaveLength(1);

    // Explain: the purchase entered the node; the post was accepted by the mechanic.
    const explained = (await api.get(`/v1/events/${ingested.results[0].eventId}/explain`).set(sys.auth()).expect(200)).body;
    expect(explained.basis).toBe('recorded');
    expect(explained.nodes).toEqual([expect.objectContaining({ matched: true, nodeName: 'Post after purchase' })]);
  });
});
