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
import { truncateAll } from '@lib/testing';

// With Redis gone no request fails for it: keys are checked against Postgres every time (a
// revocation can never wait for Redis), and limits fall back to per-process memory.
describe('API keys and limits while Redis is down', () => {
  let app: INestApplication;
  let url: string;
  let key: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_WRITES_PER_KEY: '2' });
    app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false, bodyParser: false, rawBody: true });
    configureHttpApp(app as NestExpressApplication, { name: 'campaign-api', title: 't', description: 't' }, loadEnv(HttpEnv));
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    await truncateAll(app.get(DataSource));
    key = (await provisionWorkspace(app.get(DataSource), 'Offline keys', 'offline-keys')).adminKey;
  });

  afterAll(async () => {
    await app.close();
    process.env = saved;
  });

  it('should refuse a key revoked in Postgres at the next request, trusting no cache', async () => {
    const db = app.get(DataSource);
    const viewer = (await request(url).post('/v1/api-keys').set({ authorization: `Bearer ${key}` }).send({ name: 'v', role: 'viewer' }).expect(201)).body;
    const asViewer = () => request(url).get('/v1/campaigns').set({ authorization: `Bearer ${viewer.key}` }).timeout(5_000);
    await asViewer().expect(200);
    await asViewer().expect(200);
    // Revoked behind the API's back: no epoch is bumped, so only a fresh read can see it.
    await db.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [viewer.id]);
    const refused = await asViewer();
    expect([refused.status, refused.body.error.code]).toEqual([401, 'AUTH.UNAUTHORIZED']);
  });

  it('should still limit writes per key, in memory, with 429 and Retry-After', async () => {
    const writer = (await request(url).post('/v1/api-keys').set({ authorization: `Bearer ${key}` }).send({ name: 'w', role: 'marketer' }).expect(201)).body;
    const create = () => request(url).post('/v1/campaigns').set({ authorization: `Bearer ${writer.key}` }).send({ name: 'c', timezone: 'Asia/Shanghai' }).timeout(5_000);
    await create().expect(201);
    await create().expect(201);
    const limited = await create();
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMIT.EXCEEDED']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
