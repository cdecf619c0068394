import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import request from 'supertest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '@lib/channels';
import { loadEnv, WebhookEnv } from '@lib/config';
import { createLiveCampaign, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// Channel sends: signed webhooks with retries, frequency caps and quiet hours that defer.
describe('outreach', () => {
  const sys = useSystem('Outreach');
  let hook: Server;
  const received: { body: string; signature?: string; timestamp?: string }[] = [];
  let failNext = 1;

  const messages = async (campaignId: string) =>
    (await request(sys.apiUrl).get('/v1/messages').query({ campaignId }).set(sys.auth()).expect(200)).body.items;

  beforeAll(async () => {
    hook = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string, timestamp: req.headers[TIMESTAMP_HEADER] as string });
        res.statusCode = failNext-- > 0 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    await new Promise((r) => hook.close(r));
  });

  it('should deliver a signed webhook and retry it with backoff when the receiver fails', async () => {
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks`;
    await request(sys.apiUrl).patch('/v1/workspace').set(sys.auth()).send({ webhookUrl: url }).expect(200);
    const id = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'webhooks' }, { channel: 'webhook', trigger: { eventType: 'purchase-hooked' } });
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-hooked', 'hooked-1')).expect(202);
    const [sent] = await waitFor(async () => {
      const items = await messages(id);
      return items[0]?.status === 'sent' ? items : null;
    }, 'the webhook delivery after one retry', 20_000);
    expect(sent.attempts).toBe(2);
    expect(received).toHaveLength(2);
    const secret = (await request(sys.apiUrl).get('/v1/workspace/signing-key').set(sys.auth()).expect(200)).body.key;
    expect(secret).not.toBe(loadEnv(WebhookEnv).WEBHOOK_SIGNING_SECRET);
    const last = received[1];
    expect(verifySignature(secret, { signature: last.signature, timestamp: last.timestamp }, last.body, new Date(), 300_000)).toEqual({ ok: true });
    const payload = JSON.parse(last.body);
    expect(payload).toMatchObject({ id: sent.id, participantId: 'hooked-1', purpose: 'invitation', campaignId: id });
    expect(payload.message.topic).toBe('#XiaomiTuesday#');
  });

  it('should defer, not drop, a message over the frequency cap', async () => {
    const id = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'capped', frequencyCap: { max: 1, perHours: 24 } }, { trigger: { eventType: 'purchase-capped' } });
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-capped', 'capped-1')).expect(202);
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-capped', 'capped-1')).expect(202);
    const items = await waitFor(async () => {
      const list = await messages(id);
      const deferred = list.some((m: { status: string; deferredUntil: string | null }) => m.status === 'pending' && m.deferredUntil);
      return deferred && list.some((m: { status: string }) => m.status === 'sent') ? list : null;
    }, 'one sent and one deferred');
    const sent = items.find((m: { status: string }) => m.status === 'sent');
    const deferred = items.find((m: { status: string }) => m.status === 'pending');
    const gapHours = (new Date(deferred.deferredUntil).getTime() - new Date(sent.sentAt).getTime()) / 3_600_000;
    expect(gapHours).toBeCloseTo(24, 2);
  });

  it("should hold messages during quiet hours in the campaign's zone until they end", async () => {
    const local = DateTime.now().setZone('Asia/Shanghai');
    const hh = (d: DateTime) => d.toFormat('HH:00');
    const quietHours = { from: hh(local.minus({ hours: 1 })), to: hh(local.plus({ hours: 1 })) };
    const id = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'quiet', quietHours }, { trigger: { eventType: 'purchase-quiet' } });
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-quiet', 'night-owl')).expect(202);
    const [held] = await waitFor(async () => {
      const list = await messages(id);
      return list[0]?.deferredUntil ? list : null;
    }, 'the deferred invitation');
    expect(held.status).toBe('pending');
    const expected = local.plus({ hours: 1 }).startOf('hour');
    expect(new Date(held.deferredUntil).toISOString()).toBe(expected.toUTC().toISO());
  });
});
