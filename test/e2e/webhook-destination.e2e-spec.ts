import request from 'supertest';
import { createLiveCampaign, eventBody, waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

// This file runs as production does: webhooks may not reach private or loopback addresses.
// (Read at boot, so setting it here, after test-env.js, is in time.)
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'false';

// Webhook destinations are checked when an admin sets them (400) and again at every send.
describe('webhook destinations (SSRF guard)', () => {
  const sys = useSystem('Hooks');
  const patch = (webhookUrl: unknown) => request(sys.apiUrl).patch('/v1/workspace').set(sys.auth()).send({ webhookUrl });
  const stored = async () => (await sys.db.query('SELECT webhook_url FROM workspace WHERE id = $1', [sys.workspaceId]))[0].webhook_url;

  it('should store a public destination and clear it with null', async () => {
    expect((await patch('https://8.8.8.8/canyu-hooks?token=t').expect(200)).body.webhookUrl).toBe('https://8.8.8.8/canyu-hooks?token=t');
    expect(await stored()).toBe('https://8.8.8.8/canyu-hooks?token=t');
    await patch(null).expect(200);
    expect(await stored()).toBeNull();
  });

  it.each([
    'http://127.0.0.1:3000/hook',
    'http://localhost:3000/hook',
    'http://[::]:3000/hook',
    'http://0.0.0.0:3000/hook',
    'http://[::1]:3000/hook',
    'http://[::ffff:127.0.0.1]:3000/hook',
    'http://[64:ff9b::7f00:1]/hook',
    'http://10.0.0.7/hook',
    'http://169.254.169.254/latest/meta-data',
  ])('should refuse %s with 400 WEBHOOK.BLOCKED_DESTINATION and keep the old URL', async (url) => {
    await patch('https://8.8.8.8/hooks').expect(200);
    const res = await patch(url);
    expect([res.status, res.body.error?.code]).toEqual([400, 'WEBHOOK.BLOCKED_DESTINATION']);
    expect(await stored()).toBe('https://8.8.8.8/hooks');
  });

  it.each(['http://2130706433:3000/hook', 'http://0x7f.1:3000/hook'])('should refuse the numeric spelling %s of loopback with 400', async (url) => {
    // The DTO's URL check refuses these before the guard would (which also would: see destination-guard.spec.ts).
    const res = await patch(url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^(REQUEST\.VALIDATION_FAILED|WEBHOOK\.BLOCKED_DESTINATION)$/);
  });

  it('should refuse a host that does not resolve with 400 WEBHOOK.UNRESOLVABLE_DESTINATION', async () => {
    const res = await patch('https://hooks.nowhere.invalid/canyu');
    expect([res.status, res.body.error.code]).toEqual([400, 'WEBHOOK.UNRESOLVABLE_DESTINATION']);
    expect(res.body.error.message).toContain('hooks.nowhere.invalid');
  });

  it('should fail a send at once, without retrying, when the stored destination is blocked', async () => {
    // Arrange: a URL stored before the rule existed (or while private targets were allowed)
    await sys.db.query('UPDATE workspace SET webhook_url = $1 WHERE id = $2', ['http://127.0.0.1:9/hook', sys.workspaceId]);
    const id = await createLiveCampaign(sys.apiUrl, sys.key, { name: 'blocked hook' }, { channel: 'webhook', trigger: { eventType: 'purchase-blocked' } });
    // Act
    await request(sys.apiUrl).post('/v1/events').set(sys.auth()).send(eventBody('purchase-blocked', 'blocked-1')).expect(202);
    // Assert
    const [message] = await waitFor(async () => {
      const items = (await request(sys.apiUrl).get('/v1/messages').query({ campaignId: id }).set(sys.auth()).expect(200)).body.items;
      return items[0]?.status === 'failed' ? items : null;
    }, 'the refused webhook message');
    expect(message.attempts).toBe(1);
    expect(message.lastError).toMatch(/127\.0\.0\.1 resolves to a private or blocked address/);
  });
});
