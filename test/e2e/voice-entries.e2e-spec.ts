import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor, wavClip } from '@lib/testing';
import { LocalDirectoryStore } from '@lib/storage';
import { useSystem } from '../support/system';

// A small limit, so "too large" needs no large upload; read by the API when it boots.
const MAX_CLIP_BYTES = 64 * 1024;
process.env.MEDIA_UPLOAD_MAX_BYTES = String(MAX_CLIP_BYTES);
const MEDIA_DIR = process.env.MEDIA_DIR!;

interface VoiceRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

describe('POST /v1/voice-entries', () => {
  const sys = useSystem('Voice');
  const keys: Record<string, string> = {};
  let n = 0;
  const key = () => `voice-${++n}-${Date.now()}`;
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  beforeAll(async () => {
    for (const role of ['ingest', 'viewer']) {
      keys[role] = (await request(sys.apiUrl).post('/v1/api-keys').set(sys.auth()).send({ name: role, role }).expect(201)).body.key;
    }
  });
  afterAll(() => rm(MEDIA_DIR, { recursive: true, force: true }));

  /** Everything in the workspace's media folder: stored ids and any temporary leftovers. */
  const mediaEntries = async () => (await readdir(join(MEDIA_DIR, sys.workspaceId)).catch(() => [] as string[])).sort();
  const events = (): Promise<VoiceRow[]> => sys.db.query("SELECT id, type, data, occurred_at FROM inbound_event WHERE type = 'voice_entry' ORDER BY received_at");

  /** Sends a body with Transfer-Encoding: chunked (no Content-Length), in pieces. */
  function sendChunked(body: { headers: Record<string, string>; bytes: Buffer }): Promise<{ status: number; body: string }> {
    const url = new URL(sys.apiUrl);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/v1/voice-entries', headers: { ...body.headers, authorization: `Bearer ${keys.ingest}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      for (let at = 0; at < body.bytes.length; at += 8192) req.write(body.bytes.subarray(at, at + 8192));
      req.end();
    });
  }

  function upload(fields: Record<string, string>, clip: Buffer | null, role = 'ingest', file = { filename: 'clip.wav', contentType: 'audio/wav' }) {
    const req = request(sys.apiUrl).post('/v1/voice-entries').set({ authorization: `Bearer ${keys[role]}` });
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    if (clip) req.attach('clip', clip, file);
    return req;
  }

  it('should store a WAV clip and record a voice_entry event naming it, byte for byte', async () => {
    const clip = wavClip(1500);
    const idempotencyKey = key();
    const res = await upload({ participantId: 'singer-1', idempotencyKey, entryId: 'entry-1', channel: 'sandbox', occurredAt: '2026-03-03T10:15:00+08:00' }, clip).expect(202);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0, results: [{ index: 0, idempotencyKey, status: 'accepted', eventId: expect.any(String) }] });
    expect(res.body.mediaRef).toMatch(/^media:[0-9a-f-]{36}$/);
    const [row] = (await events()).filter((e) => e.id === res.body.results[0].eventId);
    expect(row.data).toEqual({ mediaRef: res.body.mediaRef, entryId: 'entry-1', mediaContentType: 'audio/wav', mediaBytes: clip.length, mediaSha256: sha(clip) });
    expect(row.occurred_at.toISOString()).toBe('2026-03-03T02:15:00.000Z');
    const stored = new LocalDirectoryStore(MEDIA_DIR);
    const chunks: Buffer[] = [];
    for await (const c of await stored.open(sys.workspaceId, res.body.mediaRef.slice('media:'.length))) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(clip)).toBe(true);
    // The event goes the way every event goes: the worker routes it.
    await waitFor(async () => (await sys.db.query('SELECT processed_at FROM inbound_event WHERE id = $1', [row.id]))[0].processed_at, 'the voice entry routed');
  });

  it('should refuse a clip past MEDIA_UPLOAD_MAX_BYTES with 413 and keep nothing, streamed or declared', async () => {
    const before = await mediaEntries();
    const big = Buffer.concat([wavClip(1000), Buffer.alloc(MAX_CLIP_BYTES)]);
    const res = await upload({ participantId: 'singer-2', idempotencyKey: key() }, big).expect(413);
    expect(res.body.error).toMatchObject({ code: 'MEDIA.TOO_LARGE', details: { maxBytes: MAX_CLIP_BYTES } });
    // Without a Content-Length, only counting while streaming can stop it.
    const streamed = await sendChunked(multipart({ participantId: 'singer-2', idempotencyKey: key() }, big));
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe('MEDIA.TOO_LARGE');
    // A body declared far past the limit is refused before it is read.
    const declared = await upload({ participantId: 'singer-2', idempotencyKey: key() }, Buffer.concat([big, big, big])).expect(413);
    expect(declared.body.error.code).toBe('MEDIA.TOO_LARGE');
    expect(await mediaEntries()).toEqual(before);
    expect((await events()).filter((e) => JSON.stringify(e.data).includes('singer-2'))).toEqual([]);
  });

  it('should refuse what is not audio with 415, judged by the bytes, and keep nothing', async () => {
    const before = await mediaEntries();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    for (const [clip, file] of [
      [png, { filename: 'clip.wav', contentType: 'audio/wav' }],
      [wavClip(200), { filename: 'clip.txt', contentType: 'text/plain' }],
      [Buffer.alloc(0), { filename: 'empty.wav', contentType: 'audio/wav' }],
    ] as const) {
      const res = await upload({ participantId: 'singer-3', idempotencyKey: key() }, clip, 'ingest', file).expect(415);
      expect(res.body.error.code).toBe('MEDIA.UNSUPPORTED_TYPE');
    }
    const json = await request(sys.apiUrl).post('/v1/voice-entries').set({ authorization: `Bearer ${keys.ingest}` }).send({ participantId: 'singer-3' }).expect(415);
    expect(json.body.error.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(await mediaEntries()).toEqual(before);
  });

  it('should answer 400 with a stable code for a missing field, a missing clip or an unknown part, keeping nothing', async () => {
    const before = await mediaEntries();
    const clip = wavClip(300);
    const noParticipant = await upload({ idempotencyKey: key() }, clip).expect(400);
    expect(noParticipant.body.error).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', details: { problems: ['participantId: is required'] } });
    const noClip = await upload({ participantId: 'singer-4', idempotencyKey: key() }, null).expect(400);
    expect(noClip.body.error.details.problems).toEqual(['clip: a file part named clip is required']);
    const unknown = await upload({ participantId: 'singer-4', idempotencyKey: key(), score: '100' }, clip).expect(400);
    expect(unknown.body.error.details.problems).toEqual(['score: is not a field of a voice entry']);
    const twice = await upload({ participantId: 'singer-4', idempotencyKey: key() }, clip).attach('clip', clip, { filename: 'b.wav', contentType: 'audio/wav' }).expect(400);
    expect(twice.body.error.details.problems).toEqual(['clip: exactly one file part is allowed']);
    const broken = await request(sys.apiUrl)
      .post('/v1/voice-entries')
      .set({ authorization: `Bearer ${keys.ingest}`, 'content-type': 'multipart/form-data; boundary=xyz' })
      .send('--xyz\r\ncontent-disposition: form-data; name="participantId"\r\n\r\nsinger-4\r\n--xy')
      .expect(400);
    expect(broken.body.error.code).toBe('REQUEST.MALFORMED_MULTIPART');
    expect(await mediaEntries()).toEqual(before);
  });

  it('should refuse a form whose clip is still arriving when a field is refused, and stay up', async () => {
    // The refusal destroys the parser while the clip part is open: that part's error must be handled.
    const boundary = 'b0undary';
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="bogus"\r\n\r\nx\r\n--${boundary}\r\ncontent-disposition: form-data; name="clip"; filename="c.wav"\r\ncontent-type: audio/wav\r\n\r\n`,
    );
    const bytes = Buffer.concat([head, wavClip(4000), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    for (let i = 0; i < 5; i++) {
      const res = await sendChunked({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, bytes });
      expect(res.status).toBe(400);
    }
    await request(sys.apiUrl).get('/health').expect(200);
  });

  it('should refuse a viewer key with 403 before reading the clip', async () => {
    const before = await mediaEntries();
    const res = await upload({ participantId: 'singer-5', idempotencyKey: key() }, wavClip(300), 'viewer').expect(403);
    expect(res.body.error.code).toBe('AUTH.FORBIDDEN_ROLE');
    expect(await mediaEntries()).toEqual(before);
  });

  it('should answer a replayed upload as a duplicate of the original, and keep one clip', async () => {
    const clip = wavClip(700, 3);
    const idempotencyKey = key();
    const first = await upload({ participantId: 'singer-6', idempotencyKey }, clip).expect(202);
    const afterFirst = await mediaEntries();
    const again = await upload({ participantId: 'singer-6', idempotencyKey }, clip).expect(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, mediaRef: first.body.mediaRef, results: [{ status: 'duplicate', eventId: first.body.results[0].eventId }] });
    // Another clip under the same key is another event: refused, and its clip not kept.
    const other = await upload({ participantId: 'singer-6', idempotencyKey }, wavClip(700, 4)).expect(202);
    expect(other.body.results[0]).toMatchObject({ status: 'rejected', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(other.body.mediaRef).toBeUndefined();
    expect(await mediaEntries()).toEqual(afterFirst);
    expect((await events()).filter((e) => e.data.mediaSha256 === sha(clip))).toHaveLength(1);
  });

  it('should take the same clip sent twice at once as one entry and one clip', async () => {
    const before = await mediaEntries();
    const clip = wavClip(900, 5);
    const idempotencyKey = key();
    // Both find the key free, so the loser's first verdict is IDEMPOTENCY_KEY_REUSED: it must
    // compare with the winner and answer duplicate (seen on every run here).
    const both = await Promise.all([0, 1].map(() => upload({ participantId: 'singer-7', idempotencyKey, occurredAt: new Date().toISOString().slice(0, 19) + 'Z' }, clip)));
    expect(both.map((r) => r.body.results[0].status).sort()).toEqual(['accepted', 'duplicate']);
    expect(new Set(both.map((r) => r.body.mediaRef)).size).toBe(1);
    expect((await mediaEntries()).length).toBe(before.length + 1);
  });

  it('should keep no clip for an event ingest rejects (a malformed participant id)', async () => {
    const before = await mediaEntries();
    const res = await upload({ participantId: 'not an id!', idempotencyKey: key() }, wavClip(300)).expect(202);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'INVALID_EVENT', field: 'participantId' });
    expect(res.body.mediaRef).toBeUndefined();
    expect(await mediaEntries()).toEqual(before);
  });

  it('should leave nothing behind when the client disconnects mid-upload', async () => {
    const before = await mediaEntries();
    const body = multipart({ participantId: 'singer-8', idempotencyKey: key() }, wavClip(3000));
    const url = new URL(sys.apiUrl);
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/v1/voice-entries', headers: { ...body.headers, authorization: `Bearer ${keys.ingest}`, 'content-length': String(body.bytes.length) } });
    req.on('error', () => undefined);
    req.write(body.bytes.subarray(0, body.bytes.length - 20_000));
    // The clip has begun to land (a temporary directory, never a real id)...
    await waitFor(async () => (await mediaEntries()).some((e) => e.startsWith('.tmp-')), 'the upload to start');
    req.destroy();
    // ...and goes away with the client.
    await waitFor(async () => JSON.stringify(await mediaEntries()) === JSON.stringify(before), 'the partial clip removed');
  });
});

/** A multipart body built by hand, so it can be sent chunked or cut short. */
function multipart(fields: Record<string, string>, clip: Buffer): { headers: Record<string, string>; bytes: Buffer } {
  const boundary = `canyu${Math.random().toString(36).slice(2)}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const head = `${parts.join('')}--${boundary}\r\ncontent-disposition: form-data; name="clip"; filename="clip.wav"\r\ncontent-type: audio/wav\r\n\r\n`;
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, bytes: Buffer.concat([Buffer.from(head), clip, Buffer.from(`\r\n--${boundary}--\r\n`)]) };
}
