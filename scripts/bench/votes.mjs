// Phase (f): vote ingest → standings. A UGC contest node with `entries` approved entries; then
// `votes` votes by distinct voters in batches of 500, 2 requests in flight. Measured: ack time,
// and the time until every vote is judged and the standings hold exactly the valid votes
// (checked against the verdicts in Postgres: the run fails otherwise).
import { expectStatus, waitUntil } from './system.mjs';

const BATCH = 500;

export async function voteStorm({ apiPort, key, db, apps, entries, votes, log }) {
  const now = Date.now();
  const iso = (ms) => new Date(now + ms).toISOString();
  const H = 3_600_000;
  const campaign = await expectStatus(201, apiPort, 'POST', '/v1/campaigns', { key, body: { name: 'Bench votes', timezone: 'Asia/Shanghai', startsAt: iso(-10 * H) } });
  const config = {
    seedPostId: 'bench-seed',
    round1: { opensAt: iso(-9 * H), closesAt: iso(24 * H) },
    round2: { entriesOpenAt: iso(-8 * H), entriesCloseAt: iso(-2 * H), votingOpensAt: iso(-8 * H), votingClosesAt: iso(24 * H) },
    moderation: { requireHumanApproval: false },
  };
  const node = await expectStatus(201, apiPort, 'POST', `/v1/campaigns/${campaign.id}/nodes`, {
    key,
    body: { name: 'Bench contest', trigger: { eventType: 'entry' }, reentry: 'every_time', mechanic: { kind: 'ugc-contest', config } },
  });
  for (const status of ['scheduled', 'live']) await expectStatus(200, apiPort, 'POST', `/v1/campaigns/${campaign.id}/status`, { key, body: { status } });
  const entryEvents = Array.from({ length: entries }, (_, i) => ({
    type: 'entry', participantId: `bench-author-${i}`, occurredAt: iso(-7 * H + i), idempotencyKey: `bench-entry-${i}`, data: { entryId: `be-${i}`, text: 'bench entry', contest: node.id },
  }));
  for (let i = 0; i < entryEvents.length; i += BATCH) await expectStatus(202, apiPort, 'POST', '/v1/events', { key, body: { events: entryEvents.slice(i, i + BATCH) } });
  await waitUntil(async () => Number((await db.query(`SELECT count(*) AS n FROM mechanic_ref WHERE node_id = $1`, [node.id])).rows[0].n) === entries, 'entries registered', 120_000, apps);

  const voteEvents = Array.from({ length: votes }, (_, i) => ({
    type: 'vote', participantId: `bench-voter-${i}`, occurredAt: iso(-H + (i % 1000)), idempotencyKey: `bench-vote-${i}`, data: { entryId: `be-${i % entries}` },
  }));
  const acks = [];
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < voteEvents.length) {
      const at = next;
      next += BATCH;
      const t = performance.now();
      await expectStatus(202, apiPort, 'POST', '/v1/events', { key, body: { events: voteEvents.slice(at, at + BATCH) } });
      acks.push(performance.now() - t);
    }
  };
  await Promise.all([sender(), sender()]);
  const ackedMs = performance.now() - started;
  log(`${votes} votes acknowledged in ${(ackedMs / 1000).toFixed(1)} s; waiting for verdicts and standings…`);
  const judged = async () => Number((await db.query(`SELECT count(*) AS n FROM mechanic_input WHERE node_id = $1 AND event_type = 'vote' AND state = 'judged'`, [node.id])).rows[0].n);
  await waitUntil(async () => (await judged()) === votes, 'every vote judged', 600_000, apps);
  const doneMs = performance.now() - started;
  const [{ valid }] = (await db.query(`SELECT count(*) FILTER (WHERE accepted) AS valid FROM mechanic_input WHERE node_id = $1 AND event_type = 'vote'`, [node.id])).rows;
  const [{ total }] = (await db.query(`SELECT coalesce(sum(score), 0) AS total FROM node_standing WHERE node_id = $1`, [node.id])).rows;
  if (Number(valid) !== Number(total) || Number(valid) !== votes) throw new Error(`standings hold ${total} votes, verdicts say ${valid} valid of ${votes}`);
  const sorted = [...acks].sort((a, b) => a - b);
  return { entries, votes, batch: BATCH, ackedMs, doneMs, ackRate: (votes * 1000) / ackedMs, rate: (votes * 1000) / doneMs, ackP50: sorted[Math.floor(sorted.length / 2)], valid: Number(valid) };
}

export function printVotes(v, raw) {
  console.log(`\nVote ingest → standings (${v.votes} votes by distinct voters on ${v.entries} entries, batches of ${v.batch}, 2 in flight):`);
  console.log(`  acknowledged ${Math.round(v.ackRate)} votes/s (batch ack p50 ${v.ackP50.toFixed(0)} ms); judged and on the standings ${Math.round(v.rate)} votes/s (${(v.doneMs / 1000).toFixed(1)} s)`);
  if (raw) console.log(`  vote → standings / raw PostgreSQL ceiling: ${((100 * v.rate) / raw.pgRate).toFixed(1)} %`);
}

export function votesMarkdown(v, raw) {
  return `## Vote ingest → standings

A UGC contest node with ${v.entries} approved entries; ${v.votes} votes, each by another voter, in \`POST /v1/events\` batches of
${v.batch}, 2 requests in flight. A vote is routed to its entry's node by the entry id (\`mechanic_input\`), judged with
the voter's other votes under the voter's lock (window, self vote, one per voting day), and moves the entry's row of
\`node_standing\` in the same transaction. Finished when every vote is judged; the run then checks that the standings
sum to the valid votes (${v.valid}).

| | votes/s | time |
| :--- | ---: | ---: |
| acknowledged (ingest) | ${Math.round(v.ackRate)} | ${(v.ackedMs / 1000).toFixed(1)} s |
| judged and on the standings | ${Math.round(v.rate)} | ${(v.doneMs / 1000).toFixed(1)} s |
${raw ? `\nVote → standings as a share of the raw PostgreSQL ceiling measured in the same run (${Math.round(raw.pgRate)} rows/s): **${((100 * v.rate) / raw.pgRate).toFixed(1)} %**.\nEach vote costs several statements and one transaction of its own; the ceiling writes 1000 rows per statement.\n` : ''}`;
}
