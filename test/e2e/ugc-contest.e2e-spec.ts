import { DateTime } from 'luxon';
import request from 'supertest';
import { campaignBody, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// The worker's own timer syncs and offers node phases; short so the close runs within the test.
process.env.SWEEP_INTERVAL_MS = '300';
// A long grace: every hand-off here must take the fast path (the sweeper would hide a lost one).
process.env.SWEEP_GRACE_MS = '600000';

type Row = Record<string, unknown>;

/**
 * A two-round UGC contest through the public API: the brand's seed post and its reposts,
 * entries (one blocked, one over the per-person limit), votes judged at business time and
 * independent of arrival order (a vote before its entry, an earlier vote arriving last),
 * and a close on schedule that picks the winners by valid votes and tells everyone.
 */
describe('UGC contest', () => {
  const sys = useSystem('Ugc');
  const ms = (iso: string) => new Date(iso).getTime();
  const count = async (sql: string, params: unknown[]) => Number((await sys.db.query(sql, params))[0].n);

  it('should count the brand cascade, judge votes by the rules whatever their order, and pick winners at the close', async () => {
    const api = request(sys.apiUrl);
    const now = Date.now();
    const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    const DAY = 86_400_000;
    const closesAt = iso(12_000);
    const config = {
      seedPostId: 'brand-150g',
      round1: { opensAt: iso(-3 * DAY), closesAt },
      round2: { entriesOpenAt: iso(-2 * DAY), entriesCloseAt: iso(-DAY), votingOpensAt: iso(-2 * DAY), votingClosesAt: closesAt },
      winners: 2,
      moderation: { blockedWords: ['spam'], requireHumanApproval: false },
    };
    const campaignId = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody({ timezone: 'Asia/Shanghai', startsAt: iso(-4 * DAY) })).expect(201)).body.id;
    await api
      .post(`/v1/campaigns/${campaignId}/nodes`)
      .set(sys.auth())
      .send({ name: '150 grams of youth', trigger: { eventType: 'entry' }, reentry: 'every_time', channel: 'sandbox', mechanic: { kind: 'ugc-contest', config } })
      .expect(201);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);

    const at = (offsetMs: number) => ({ occurredAt: iso(offsetMs) });
    // Same-day votes are cast around noon in Shanghai, so a run near midnight cannot split them.
    const NOON = DateTime.fromMillis(now - DAY, { zone: 'Asia/Shanghai' }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toMillis() - now;
    const entry = (who: string, entryId: string, offset: number, text = 'my 150 grams') => eventBody('entry', who, { ...at(offset), data: { entryId, text } });
    const vote = (who: string, entryId: string, offset: number) => eventBody('vote', who, { ...at(offset), data: { entryId } });
    const events: Row[] = [
      eventBody('post', 'brand', { ...at(-3 * DAY + 1000), data: { postId: 'brand-150g', text: 'our 150 grams of youth' } }),
      ...[1, 2, 3].map((i) => eventBody('repost', `fan-${i}`, { ...at(-3 * DAY + 5000), data: { postId: `rp-${i}`, parentPostId: 'brand-150g' } })),
      // A vote for entry-b before entry-b exists (it waits for it).
      vote('v1', 'entry-b', NOON),
      entry('alice', 'entry-a', -2 * DAY + 3600_000),
      entry('bob', 'entry-b', -2 * DAY + 3600_000 + 1),
      entry('carol', 'entry-c', -2 * DAY + 3600_000 + 3, 'buy SPAM here'),
      entry('dave', 'entry-late', -DAY + 1000), // after entries closed
      vote('alice', 'entry-a', NOON + 100_000), // her own entry
      vote('v2', 'entry-a', NOON + 200_000),
      vote('v2', 'entry-b', NOON + 300_000), // second vote the same day (Shanghai)
      vote('v3', 'entry-b', -DAY + 60_000),
      vote('v4', 'entry-nope', -DAY + 60_000),
      vote('v5', 'entry-b', -3 * DAY), // before voting opens
    ];
    // The earlier of v6's two same-day votes arrives last: it must still be the valid one.
    const v6Later = vote('v6', 'entry-a', NOON + 800_000);
    const v6Earlier = vote('v6', 'entry-b', NOON + 700_000);
    const res = (await api.post('/v1/events').set(sys.auth()).send({ events: [...events, v6Later] }).expect(202)).body;
    expect(res.accepted).toBe(events.length + 1);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM mechanic_input WHERE event_type = 'vote' AND state = 'judged' AND participant_id IN (SELECT id FROM participant WHERE external_id = 'v6')`, [])) === 1, 'v6 judged');
    await api.post('/v1/events').set(sys.auth()).send(v6Earlier).expect(202);
    // Over bob's one-entry limit (sent once his first entry is judged: a refusal that comes
    // after an entry counted as spread leaves its spread counted, see docs/ARCHITECTURE.md).
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM mechanic_input WHERE event_type = 'entry' AND state = 'judged' AND detail->>'entryId' = 'entry-b'`, [])) === 1, 'entry-b judged');
    await api.post('/v1/events').set(sys.auth()).send(entry('bob', 'entry-b2', -2 * DAY + 3600_000 + 2)).expect(202);

    const verdict = async (who: string, entryId: string, type = 'vote') => {
      const rows = await sys.db.query(
        `SELECT m.state, m.accepted, m.reason FROM mechanic_input m JOIN participant p ON p.id = m.participant_id
         JOIN inbound_event e ON e.id = m.event_id WHERE p.external_id = $1 AND e.data->>'entryId' = $2 AND m.event_type = $3`,
        [who, entryId, type],
      );
      return rows.map((r: Row) => (r.state === 'judged' ? (r.accepted ? 'valid' : r.reason) : `${r.state}:${r.reason}`)).join(',');
    };
    const expected: Record<string, string> = {
      'v6 entry-b': 'valid',
      'v6 entry-a': 'EXTRA_VOTE_IN_PERIOD',
      'v1 entry-b': 'valid',
      'alice entry-a': 'SELF_VOTE',
      'v2 entry-a': 'valid',
      'v2 entry-b': 'EXTRA_VOTE_IN_PERIOD',
      'v3 entry-b': 'valid',
      'v4 entry-nope': 'waiting:WAITING_FOR_ENTRY',
      'v5 entry-b': 'OUTSIDE_VOTING_WINDOW',
      'bob entry-b2 entry': 'ENTRY_LIMIT_REACHED',
      'carol entry-c entry': 'BLOCKED_WORD',
      'dave entry-late entry': 'OUTSIDE_ENTRY_WINDOW',
    };
    const snapshot = async () => {
      const out: Record<string, string> = {};
      for (const k of Object.keys(expected)) out[k] = await verdict(...(k.split(' ') as [string, string, string?]));
      return out;
    };
    await waitFor(async () => JSON.stringify(await snapshot()) === JSON.stringify(expected), 'every verdict settled', 20_000).catch(() => undefined);
    expect(await snapshot()).toEqual(expected);

    // Round 1: the seed post and its reposts count for the campaign; entries are cascade roots.
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM spread_event WHERE campaign_id = $1 AND status = 'counted'`, [campaignId])) === 6, 'seed, 3 reposts, 2 entries counted', 20_000);

    // The close: entry-b (3 valid votes: v1, v3, v6) before entry-a (1: v2).
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM node_phase WHERE campaign_id = $1 AND state = 'done'`, [campaignId])) === 1, 'the close ran', 30_000);
    const [phase] = await sys.db.query(`SELECT outcome FROM node_phase WHERE campaign_id = $1`, [campaignId]);
    expect(phase.outcome.winners).toEqual([
      { entryId: 'entry-b', rank: 1, validVotes: 3 },
      { entryId: 'entry-a', rank: 2, validVotes: 1 },
    ]);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM outbound_message WHERE campaign_id = $1 AND purpose LIKE 'ugc.result.%' AND status = 'sent'`, [campaignId])) === 2, 'winners told');
    expect(ms(closesAt)).toBeLessThan(Date.now());

    // The marketer's view: phases with the winners, verdicts by reason, standings in the fair order.
    const [{ id: nodeId }] = await sys.db.query('SELECT id FROM node WHERE campaign_id = $1', [campaignId]);
    const view = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/nodes/${nodeId}/contest`).set(sys.auth()).expect(200)).body;
    expect(view.phases).toEqual([expect.objectContaining({ name: 'voting-close', state: 'done' })]);
    // Round by round: the seed post's cascade (3 reposts) and the entries' (none reposted).
    expect(view.cascades).toEqual({ post: { roots: 1, reposts: 3, reach: 4, follows: 0 }, entry: { roots: 2, reposts: 0, reach: 2, follows: 0 } });
    // The vote for an entry that never came waits outside any node (explain shows it).
    expect(view.inputs.vote).toMatchObject({ total: 8, accepted: 4, waiting: 0, rejected: { SELF_VOTE: 1, EXTRA_VOTE_IN_PERIOD: 2, OUTSIDE_VOTING_WINDOW: 1 } });
    expect(view.inputs.entry).toMatchObject({ total: 5, accepted: 2, rejected: { ENTRY_LIMIT_REACHED: 1, BLOCKED_WORD: 1, OUTSIDE_ENTRY_WINDOW: 1 } });
    expect(view.standings.map((s: { member: string; score: number; participantId: string }) => [s.member, s.score, s.participantId])).toEqual([
      ['entry-b', 3, 'bob'],
      ['entry-a', 1, 'alice'],
    ]);
    await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/nodes/not-a-uuid/standings`).set(sys.auth()).expect(404);
  }, 90_000);

  it('should hold entries for review, count only votes cast after approval, and let a rejection void an entry', async () => {
    const api = request(sys.apiUrl);
    const DAY = 86_400_000;
    const now = Date.now();
    const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    const config = {
      seedPostId: 'brand-review',
      round1: { opensAt: iso(-3 * DAY), closesAt: iso(DAY) },
      round2: { entriesOpenAt: iso(-2 * DAY), entriesCloseAt: iso(DAY), votingOpensAt: iso(-2 * DAY), votingClosesAt: iso(2 * DAY) },
      votingPeriod: { kind: 'fixed', hours: 1 },
    };
    const campaignId = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody({ startsAt: iso(-4 * DAY) })).expect(201)).body.id;
    const nodeId = (
      await api.post(`/v1/campaigns/${campaignId}/nodes`).set(sys.auth()).send({ name: 'Reviewed contest', trigger: { eventType: 'entry' }, reentry: 'every_time', mechanic: { kind: 'ugc-contest', config } }).expect(201)
    ).body.id;
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);
    const entries = `/v1/campaigns/${campaignId}/nodes/${nodeId}/entries`;
    await api
      .post('/v1/events')
      .set(sys.auth())
      .send({
        events: [
          eventBody('entry', 'xan', { occurredAt: iso(-3600_000), data: { entryId: 'x-entry', text: 'mine', contest: nodeId } }),
          eventBody('entry', 'yu', { occurredAt: iso(-3600_000), data: { entryId: 'y-entry', text: 'also mine', contest: nodeId } }),
          eventBody('vote', 'w1', { occurredAt: iso(-60_000), data: { entryId: 'x-entry' } }),
        ],
      })
      .expect(202);
    const pending = await waitFor(async () => {
      const items = (await api.get(entries).query({ moderation: 'pending' }).set(sys.auth()).expect(200)).body.items;
      return items.length === 2 ? items : null;
    }, 'two entries waiting for review');
    expect(pending.map((e: { entryId: string }) => e.entryId)).toEqual(['x-entry', 'y-entry']);

    const viewer = (await api.post('/v1/api-keys').set(sys.auth()).send({ name: 'viewer', role: 'viewer' }).expect(201)).body.key;
    await api.post(`${entries}/x-entry/review`).set({ authorization: `Bearer ${viewer}` }).send({ decision: 'approve' }).expect(403);
    expect((await api.post(`${entries}/x-entry/review`).set(sys.auth()).send({ decision: 'maybe' }).expect(400)).body.error.code).toBe('REQUEST.VALIDATION_FAILED');
    expect((await api.post(`${entries}/nope/review`).set(sys.auth()).send({ decision: 'approve' }).expect(404)).body.error.code).toBe('CONTEST.ENTRY_NOT_FOUND');
    await api.post(`${entries}/x-entry/review`).set(sys.auth()).send({ decision: 'approve' }).expect(202);
    await api.post(`${entries}/y-entry/review`).set(sys.auth()).send({ decision: 'reject', reason: 'off topic' }).expect(202);
    await waitFor(async () => (await api.get(entries).query({ moderation: 'pending' }).set(sys.auth()).expect(200)).body.items.length === 0, 'both reviewed');
    await new Promise((r) => setTimeout(r, 20)); // a vote strictly after the approval instant
    await api.post('/v1/events').set(sys.auth()).send({ events: [eventBody('vote', 'w2', { occurredAt: new Date().toISOString(), data: { entryId: 'x-entry' } }), eventBody('vote', 'w3', { occurredAt: new Date().toISOString(), data: { entryId: 'y-entry' } })] }).expect(202);

    const votes = async () =>
      (
        await sys.db.query(
          `SELECT p.external_id AS who, m.state, m.accepted, m.reason FROM mechanic_input m JOIN participant p ON p.id = m.participant_id
           WHERE m.node_id = $1 AND m.event_type = 'vote' ORDER BY p.external_id`,
          [nodeId],
        )
      ).map((r: Row) => `${r.who}:${r.state === 'judged' ? (r.accepted ? 'valid' : r.reason) : r.state}`);
    await waitFor(async () => (await votes()).every((v: string) => !v.endsWith(':pending')) && (await votes()).length === 3, 'votes judged');
    // w1 voted before the approval: not counted; w3 votes for a rejected entry.
    expect(await votes()).toEqual(['w1:ENTRY_NOT_APPROVED', 'w2:valid', 'w3:ENTRY_NOT_APPROVED']);
    const judged = (await api.get(entries).set(sys.auth()).expect(200)).body.items;
    expect(judged.map((e: Row) => [e.entryId, e.moderation, e.accepted, e.reason])).toEqual([
      ['x-entry', 'approved', true, null],
      ['y-entry', 'rejected', false, 'REJECTED_IN_REVIEW'],
    ]);
    const standings = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/nodes/${nodeId}/standings`).set(sys.auth()).expect(200)).body.items;
    expect(standings.map((s: { member: string; score: number }) => [s.member, s.score])).toEqual([['x-entry', 1]]);
  }, 60_000);
});
