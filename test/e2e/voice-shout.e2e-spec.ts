import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { encodeWav, writeWav } from '../../libs/audio/src/test-support/wav-writer';
import { silence, speechLike, square } from '../../libs/audio/src/test-support/signals';
import { ffmpegConvert } from '../../libs/audio/src/test-support/ffmpeg-reference';
import { tempDir } from '../../libs/audio/src/test-support/temp-dir';
import { campaignBody, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

process.env.SWEEP_INTERVAL_MS = '300';
// A long grace: every hand-off must take the fast path (the sweeper would hide a lost one).
process.env.SWEEP_GRACE_MS = '600000';
// The channel-callback clip below is served from loopback over plain http.
process.env.MEDIA_FETCH_ALLOW_HTTP = 'true';
process.env.MEDIA_FETCH_ALLOW_PRIVATE_TARGETS = 'true';

const RATE = 16_000;
type Row = Record<string, unknown>;

/**
 * A voice-shout contest from creation to winners notified, through the public API: clips are
 * uploaded (multipart), measured off the event loop (BS.1770-4, in a worker thread), judged by
 * the fairness rules — a clipped square wave, silence, a too-short clip and another account's
 * MP3 re-encode of the loudest shout are refused with their codes —, ranked by loudness, and at
 * the close the two loudest get a prize from the ledger while everyone hears their result.
 */
describe('voice-shout contest', () => {
  const sys = useSystem('Shout');
  const file = tempDir('shout');

  it('should measure, judge, rank by loudness and reward the loudest fair shouts at the close', async () => {
    const api = request(sys.apiUrl);
    const now = Date.now();
    const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    const campaignId = (await api.post('/v1/campaigns').set(sys.auth()).send(campaignBody({ startsAt: iso(-3_600_000) })).expect(201)).body.id;
    const pool = (await api.post(`/v1/campaigns/${campaignId}/prize-pools`).set(sys.auth()).send({ name: 'Headphones', stockTotal: 2, unitValueMinor: 29_900, currency: 'CNY' }).expect(201)).body;
    const closesAt = iso(25_000);
    const nodeId = (
      await api
        .post(`/v1/campaigns/${campaignId}/nodes`)
        .set(sys.auth())
        .send({ name: 'Shout for Xiaomi', trigger: { eventType: 'voice_entry' }, reentry: 'every_time', mechanic: { kind: 'voice-shout', config: { opensAt: iso(-3_000_000), closesAt, winners: 2, prizePoolId: pool.id } } })
        .expect(201)
    ).body.id;
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'scheduled' }).expect(200);
    await api.post(`/v1/campaigns/${campaignId}/status`).set(sys.auth()).send({ status: 'live' }).expect(200);

    const loud = writeWav(file('loud.wav'), [speechLike(3, RATE, 1, -2)], RATE);
    const clips: { who: string; bytes: Buffer; name: string; type: string }[] = [
      { who: 'loud', bytes: readFileSync(loud), name: 'loud.wav', type: 'audio/wav' },
      { who: 'medium', bytes: encodeWav([speechLike(3, RATE, 3, -9)], RATE), name: 'm.wav', type: 'audio/wav' },
      { who: 'quiet', bytes: encodeWav([speechLike(3, RATE, 2, -18)], RATE), name: 'q.wav', type: 'audio/wav' },
      { who: 'cheat', bytes: encodeWav([square(440, -0.1, 3, RATE)], RATE), name: 'sq.wav', type: 'audio/wav' },
      { who: 'mute', bytes: encodeWav([silence(2, RATE)], RATE), name: 's.wav', type: 'audio/wav' },
      { who: 'short', bytes: encodeWav([speechLike(0.3, RATE, 4, -3)], RATE), name: 'short.wav', type: 'audio/wav' },
    ];
    for (const [i, c] of clips.entries()) {
      await api
        .post('/v1/voice-entries')
        .set(sys.auth())
        .field('participantId', c.who)
        .field('idempotencyKey', `shout-${i}`)
        .field('occurredAt', iso(-60_000 + i * 1000))
        .attach('clip', c.bytes, { filename: c.name, contentType: c.type })
        .expect(202);
    }
    // The same recording, re-encoded, from another account, later.
    const copy = readFileSync(await ffmpegConvert(loud, file('copy.mp3'), ['-c:a', 'libmp3lame', '-b:a', '64k']));
    await api.post('/v1/voice-entries').set(sys.auth()).field('participantId', 'copycat').field('idempotencyKey', 'shout-copy').field('occurredAt', iso(-10_000)).attach('clip', copy, { filename: 'c.mp3', contentType: 'audio/mpeg' }).expect(202);

    // A channel callback: a voice_entry naming a URL the worker fetches (behind the SSRF guard).
    const served = encodeWav([speechLike(3, RATE, 5, -13)], RATE);
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'audio/wav' }).end(served));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.wav`;
    await api.post('/v1/events').set(sys.auth()).send(eventBody('voice_entry', 'caller', { occurredAt: iso(-5_000), data: { mediaRef: url } })).expect(202);

    const verdicts = async () => {
      const rows: Row[] = await sys.db.query(
        `SELECT p.external_id AS who, m.state, m.accepted, m.reason FROM mechanic_input m JOIN participant p ON p.id = m.participant_id WHERE m.node_id = $1 ORDER BY p.external_id`,
        [nodeId],
      );
      return Object.fromEntries(rows.map((r) => [r.who, r.state === 'judged' ? (r.accepted ? 'accepted' : r.reason) : r.state]));
    };
    const expected = { caller: 'accepted', cheat: 'CLIPPED', copycat: 'DUPLICATE', loud: 'accepted', medium: 'accepted', mute: 'SILENCE', quiet: 'accepted', short: 'TOO_SHORT' };
    await waitFor(async () => JSON.stringify(await verdicts()) === JSON.stringify(expected), 'every clip judged', 20_000).catch(() => undefined);
    expect(await verdicts()).toEqual(expected);
    server.close();

    // Ranked by loudness (milli-LU), the loudest first.
    const standings = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/nodes/${nodeId}/standings`).set(sys.auth()).expect(200)).body.items;
    expect(standings.map((s: { participantId: string }) => s.participantId)).toEqual(['loud', 'medium', 'caller', 'quiet']);
    expect(standings[0].score).toBeGreaterThan(standings[1].score);
    // A place is a person: shown by the marketer's id, never our internal one.
    expect(standings.map((s: { member: string }) => s.member)).toEqual(['loud', 'medium', 'caller', 'quiet']);

    await waitFor(async () => (await sys.db.query(`SELECT state FROM node_phase WHERE node_id = $1`, [nodeId]))[0]?.state === 'done', 'the close', 40_000);
    const view = (await request(sys.scoringUrl).get(`/v1/campaigns/${campaignId}/nodes/${nodeId}/contest`).set(sys.auth()).expect(200)).body;
    expect(view.phases[0].outcome.winners.map((w: { participantId: string; rank: number }) => [w.rank, w.participantId])).toEqual([
      [1, 'loud'],
      [2, 'medium'],
    ]);
    expect(view.inputs.voice_entry).toMatchObject({ total: 8, accepted: 4, rejected: { CLIPPED: 1, DUPLICATE: 1, SILENCE: 1, TOO_SHORT: 1 } });
    const ledger = (await api.get(`/v1/campaigns/${campaignId}/ledger`).set(sys.auth()).expect(200)).body.items;
    expect(ledger).toHaveLength(2);

    // Everyone was told: each entrant their verdict (with a human reason), the ranked their result.
    const told = async () =>
      (await sys.db.query(`SELECT p.external_id AS who, m.purpose, m.body FROM outbound_message m JOIN participant p ON p.id = m.participant_id WHERE m.campaign_id = $1 AND m.status = 'sent'`, [campaignId])) as {
        who: string;
        purpose: string;
        body: { kind: string; text?: string; won?: boolean; prize?: unknown };
      }[];
    await waitFor(async () => (await told()).length === 8 + 4, 'every entrant told', 20_000);
    const messages = await told();
    const cheat = messages.find((m) => m.who === 'cheat' && m.body.kind === 'voice-shout.entry')!;
    expect(cheat.body.text).toMatch(/\S/);
    const results = messages.filter((m) => m.body.kind === 'voice-shout.result');
    expect(results.map((m) => [m.who, m.body.won, m.body.prize !== null && m.body.prize !== undefined]).sort()).toEqual([
      ['caller', false, false],
      ['loud', true, true],
      ['medium', true, true],
      ['quiet', false, false],
    ]);
  }, 120_000);
});
