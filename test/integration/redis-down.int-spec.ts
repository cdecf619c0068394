import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/campaign-api/src/app.module';
import { provisionWorkspace } from '@lib/access';
import { HttpEnv, loadEnv } from '@lib/config';
import { configureHttpApp } from '@lib/http-kit';
import { eventBody, truncateAll } from '@lib/testing';

// Durable before acknowledged, even with Redis gone: ingest answers 202 from Postgres alone,
// promptly, and leaves the events for the sweeper.
describe('ingest while Redis is down', () => {
  let app: INestApplication;
  let key: string;
  const realRedis = process.env.REDIS_URL;

  beforeAll(async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1'; // nothing listens there
    const api = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false, bodyParser: false, rawBody: true });
    configureHttpApp(api, { name: 'campaign-api', title: 't', description: 't' }, loadEnv(HttpEnv));
    await api.listen(0, '127.0.0.1');
    app = api;
    await truncateAll(app.get(DataSource));
    key = (await provisionWorkspace(app.get(DataSource), 'Offline', 'offline')).adminKey;
  });

  afterAll(async () => {
    await app.close();
    process.env.REDIS_URL = realRedis;
  });

  it('should store and acknowledge a batch within the enqueue bound, marking it for the sweeper', async () => {
    const started = Date.now();
    const res = await request(await app.getUrl())
      .post('/v1/events')
      .set({ authorization: `Bearer ${key}` })
      .send({ events: [eventBody('purchase', 'offline-1'), eventBody('purchase', 'offline-2')] })
      .timeout(10_000);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(Date.now() - started).toBeLessThan(3_000); // the enqueue is bounded at 2 s
    const rows = await app.get(DataSource).query('SELECT enqueued_at FROM inbound_event');
    expect(rows).toEqual([{ enqueued_at: null }, { enqueued_at: null }]);
  });

  it('should report Redis down on /health with 503', async () => {
    const res = await request(await app.getUrl()).get('/health').timeout(10_000);
    expect(res.status).toBe(503);
    expect(res.body.error.details).toMatchObject({ status: 'error', error: { redis: { status: 'down' } }, info: { database: { status: 'up' } } });
  });
});
