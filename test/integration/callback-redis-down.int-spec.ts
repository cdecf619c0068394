import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/campaign-api/src/app.module';
import { provisionWorkspace } from '@lib/access';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER, workspaceSigningKey } from '@lib/channels';
import { HttpEnv, loadEnv } from '@lib/config';
import { configureHttpApp } from '@lib/http-kit';
import { eventBody, truncateAll } from '@lib/testing';

// The replay check fails closed: with Redis gone a signed callback is refused with 503 and
// Retry-After (the sender retries), never accepted unchecked.
describe('signed callbacks while Redis is down', () => {
  let app: INestApplication;
  let workspaceId: string;
  const realRedis = process.env.REDIS_URL;

  beforeAll(async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1'; // nothing listens there
    const api = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false, bodyParser: false, rawBody: true });
    configureHttpApp(api, { name: 'campaign-api', title: 't', description: 't' }, loadEnv(HttpEnv));
    await api.listen(0, '127.0.0.1');
    app = api;
    await truncateAll(app.get(DataSource));
    workspaceId = (await provisionWorkspace(app.get(DataSource), 'Offline hooks', 'offline-hooks')).workspaceId;
  });

  afterAll(async () => {
    await app.close();
    process.env.REDIS_URL = realRedis;
  });

  it('should answer 503 WEBHOOK.REPLAY_CHECK_UNAVAILABLE with Retry-After and store nothing', async () => {
    // Arrange
    const body = JSON.stringify(eventBody('follow', 'cb-offline', { channel: 'weibo', data: { parentPostId: 'wb-x' } }));
    const now = Math.floor(Date.now() / 1000);
    const key = workspaceSigningKey(process.env.WEBHOOK_SIGNING_SECRET!, workspaceId);
    const started = Date.now();
    // Act
    const res = await request(await app.getUrl())
      .post(`/v1/webhooks/${workspaceId}/callbacks`)
      .set('content-type', 'application/json')
      .set(SIGNATURE_HEADER, signPayload(key, now, body))
      .set(TIMESTAMP_HEADER, String(now))
      .send(body)
      .timeout(10_000);
    // Assert
    expect([res.status, res.body.error.code]).toEqual([503, 'WEBHOOK.REPLAY_CHECK_UNAVAILABLE']);
    expect(res.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(4_000); // bounded at 2 s
    expect(await app.get(DataSource).query('SELECT id FROM inbound_event')).toEqual([]);
  });

  it('should still refuse a forged callback with 401 before asking Redis', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await request(await app.getUrl())
      .post(`/v1/webhooks/${workspaceId}/callbacks`)
      .set('content-type', 'application/json')
      .set(SIGNATURE_HEADER, signPayload('not-the-key', now, '{}'))
      .set(TIMESTAMP_HEADER, String(now))
      .send('{}')
      .timeout(10_000);
    expect([res.status, res.body.error.code]).toEqual([401, 'WEBHOOK.BAD_SIGNATURE']);
  });
});
