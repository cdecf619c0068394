import request from 'supertest';
import { createLiveCampaign, eventBody, waitFor, waitForInvitation } from '@lib/testing';
import { useSystem } from '../support/system';

// Spread events recorded set-wise: cascades inside one batch, across racing batches, with
// duplicates and orphans, end exactly as if every event had arrived alone and in order.
describe('spread batches', () => {
  const sys = useSystem('Batches');
  let campaignId: string;
  const at = new Date(Date.now() - 60_000).toISOString();
  const repost = (who: string, postId: string, parentPostId: string) =>
    eventBody('repost', who, { occurredAt: at, channel: 'wechat', data: { postId, parentPostId } });

  beforeAll(async () => {
    const api = request(sys.apiUrl);
    campaignId = await createLiveCampaign(sys.apiUrl, sys.key);
    await api.post('/v1/events').set(sys.auth()).send(eventBody('purchase', 'seed')).expect(202);
    const invitation = await waitForInvitation(sys.apiUrl, sys.key, 'seed');
    const post = eventBody('post', 'seed', { channel: 'weibo', data: { postId: 'root', invitationId: invitation.body.invitationId, text: '#XiaomiTuesday#' } });
    await api.post('/v1/events').set(sys.auth()).send(post).expect(202);
    await waitFor(() => sys.db.query(`SELECT 1 FROM spread_event WHERE post_ref = 'root' AND credited_at IS NOT NULL`).then((r) => r.length > 0), 'root post');
  });

  const rowsOf = (prefix: string) =>
    sys.db.query(`SELECT post_ref, status, reason, depth, credited_at IS NOT NULL AS credited FROM spread_event WHERE post_ref LIKE $1 ORDER BY post_ref, status`, [`${prefix}%`]);

  it('should link a chain sent children-first in one batch, reject the in-batch duplicate and hold the orphan', async () => {
    const chain = Array.from({ length: 6 }, (_, i) => repost(`chain-fan-${i + 1}`, `c${i + 1}`, i === 0 ? 'root' : `c${i}`)).reverse();
    const duplicate = repost('copycat', 'c3', 'c2');
    const orphan = repost('early-bird', 'c-orphan', 'never-seen');
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send({ events: [...chain, duplicate, orphan] }).expect(202);
    const rows = await waitFor(async () => {
      const r = await rowsOf('c');
      return r.length === 8 && r.filter((x: { credited: boolean }) => x.credited).length === 6 ? r : null;
    }, 'the chain recorded');
    expect(rows.map((r: { post_ref: string; status: string; reason: string | null; depth: number | null }) => [r.post_ref, r.status, r.reason, r.depth])).toEqual([
      ['c-orphan', 'pending_parent', 'WAITING_FOR_PARENT', null],
      ['c1', 'counted', null, 1],
      ['c2', 'counted', null, 2],
      ['c3', 'counted', null, 3],
      ['c3', 'rejected', 'DUPLICATE_POST_ID', null],
      ['c4', 'counted', null, 4],
      ['c5', 'counted', null, 5],
      ['c6', 'counted', null, 6],
    ]);
  });

  it('should end the same when a parent batch and its children batch race', async () => {
    const parents = Array.from({ length: 20 }, (_, i) => repost(`p-fan-${i}`, `p${i}`, 'root'));
    const children = Array.from({ length: 20 }, (_, i) => repost(`k-fan-${i}`, `k${i}`, `p${i}`));
    const grandchildren = Array.from({ length: 20 }, (_, i) => repost(`g-fan-${i}`, `g${i}`, `k${i}`));
    await Promise.all(
      [grandchildren, children, parents].map((events) => request(sys.apiUrl).post('/v1/events').set(sys.auth()).send({ events }).expect(202)),
    );
    const counted = `SELECT depth, count(*)::int AS n FROM spread_event WHERE post_ref ~ '^[pkg][0-9]+$' AND status = 'counted' AND credited_at IS NOT NULL GROUP BY depth ORDER BY depth`;
    const byDepth = await waitFor(async () => {
      const r = await sys.db.query(counted);
      return r.reduce((sum: number, x: { n: number }) => sum + x.n, 0) === 60 ? r : null;
    }, 'all 60 counted');
    expect(byDepth).toEqual([{ depth: 1, n: 20 }, { depth: 2, n: 20 }, { depth: 3, n: 20 }]);
    // Redis agrees with Postgres to the last weight: every event credited exactly once.
    const [{ total }] = await sys.db.query(`SELECT round(sum(weight)::numeric, 6)::float AS total FROM spread_event WHERE campaign_id = $1 AND status = 'counted'`, [campaignId]);
    const board = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/leaderboard`).query({ limit: 100 }).set(sys.auth()).expect(200)).body.items;
    const sum = board.reduce((s: number, b: { score: number }) => s + b.score, 0);
    expect(Math.round(sum * 1e6) / 1e6).toBeCloseTo(total, 5);
  });

  it('should settle against the live row of a post id, whatever duplicates and rejections came first', async () => {
    const api = request(sys.apiUrl);
    const send = (events: Record<string, unknown>[]) => api.post('/v1/events').set(sys.auth()).send({ events }).expect(202);
    const statusOf = async (ref: string) =>
      (await sys.db.query(`SELECT status, reason, channel, depth FROM spread_event WHERE post_ref = $1 ORDER BY status`, [ref])) as { status: string; reason: string | null; channel: string; depth: number | null }[];
    const settledCount = `SELECT count(*)::int AS n FROM spread_event WHERE post_ref IN ('x1', 'x2', 'y1', 'z1') AND status <> 'pending_parent'`;
    // x1 waits for its parent x0; x2 waits under x1; a duplicate report of x1 is rejected;
    // then x0 arrives: x1 and x2 must count, the duplicate must not have poisoned x2.
    await send([eventBody('repost', 'x-fan-1', { occurredAt: at, data: { postId: 'x1', parentPostId: 'x0' } })]);
    await send([eventBody('repost', 'x-fan-2', { occurredAt: at, data: { postId: 'x2', parentPostId: 'x1' } })]);
    await send([eventBody('repost', 'x-copy', { occurredAt: at, channel: 'forum', data: { postId: 'x1', parentPostId: 'x0' } })]);
    // y1 waits for y0; y0 first arrives naming an invitation that does not exist (rejected), then a
    // real repost of root claims y0.
    await send([eventBody('repost', 'y-fan-1', { occurredAt: at, data: { postId: 'y1', parentPostId: 'y0' } })]);
    const unknownInvitation = '00000000-0000-4000-8000-000000000001';
    await send([eventBody('post', 'y-poster', { occurredAt: at, channel: 'weibo', data: { postId: 'y0', invitationId: unknownInvitation } })]);
    await waitFor(async () => (await statusOf('y1'))[0]?.status === 'rejected', 'y1 rejected with its rejected parent');
    await send([repost('y-real', 'y0', 'root'), repost('x-root', 'x0', 'root')]);
    // z1 names itself as parent: refused at once.
    await send([eventBody('repost', 'z-loop', { occurredAt: at, data: { postId: 'z1', parentPostId: 'z1' } })]);
    await waitFor(async () => (await sys.db.query(`${settledCount} AND status = 'counted'`))[0].n === 3, 'x1, x2 and y1 counted');
    await waitFor(async () => (await statusOf('z1')).length === 1, 'z1 recorded');
    expect((await sys.db.query(settledCount))[0].n).toBe(5);

    expect(await statusOf('x1')).toEqual([
      { status: 'counted', reason: null, channel: 'wechat', depth: 2 },
      { status: 'rejected', reason: 'DUPLICATE_POST_ID', channel: 'forum', depth: null },
    ]);
    // x2 came without a channel and before its parent: it takes the parent's tie strength.
    expect(await statusOf('x2')).toEqual([{ status: 'counted', reason: null, channel: 'wechat', depth: 3 }]);
    expect(await statusOf('y1')).toEqual([{ status: 'counted', reason: null, channel: 'wechat', depth: 2 }]);
    expect(await statusOf('z1')).toEqual([{ status: 'rejected', reason: 'SELF_PARENT', channel: 'sandbox', depth: null }]);
  });
});

