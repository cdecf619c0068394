import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER, workspaceSigningKey } from '@lib/channels';
import { eventBody } from '@lib/testing';
import { useOfflineApi } from '../support/offline-api';

// The replay check fails closed: with Redis gone a signed callback is refused with 503 and
// Retry-After (the sender retries), never accepted unchecked.
describe('signed callbacks while Redis is down', () => {
  const offline = useOfflineApi('Offline hooks');

  it('should answer 503 WEBHOOK.REPLAY_CHECK_UNAVAILABLE with Retry-After and store nothing', async () => {
    // Arrange
    const body = JSON.stringify(eventBody('follow', 'cb-offline', { channel: 'weibo', data: { parentPostId: 'wb-x' } }));
    const now = Math.floor(Date.now() / 1000);
    const key = workspaceSigningKey(process.env.WEBHOOK_SIGNING_SECRET!, offline.workspaceId);
    const started = Date.now();
    // Act
    const res = await request(offline.url)
      .post(`/v1/webhooks/${offline.workspaceId}/callbacks`)
      .set('content-type', 'application/json')
      .set(SIGNATURE_HEADER, signPayload(key, now, body))
      .set(TIMESTAMP_HEADER, String(now))
      .send(body)
      .timeout(10_000);
    // Assert
    expect([res.status, res.body.error.code]).toEqual([503, 'WEBHOOK.REPLAY_CHECK_UNAVAILABLE']);
    expect(res.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(4_000); // bounded at 2 s
    expect(await offline.app.get(DataSource).query('SELECT id FROM inbound_event')).toEqual([]);
  });

  it('should still refuse a forged callback with 401 before asking Redis', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await request(offline.url)
      .post(`/v1/webhooks/${offline.workspaceId}/callbacks`)
      .set('content-type', 'application/json')
      .set(SIGNATURE_HEADER, signPayload('not-the-key', now, '{}'))
      .set(TIMESTAMP_HEADER, String(now))
      .send('{}')
      .timeout(10_000);
    expect([res.status, res.body.error.code]).toEqual([401, 'WEBHOOK.BAD_SIGNATURE']);
  });
});
