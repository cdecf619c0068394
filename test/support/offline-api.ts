import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/campaign-api/src/app.module';
import { provisionWorkspace } from '@lib/access';
import { HttpEnv, loadEnv } from '@lib/config';
import { configureHttpApp } from '@lib/http-kit';
import { truncateAll } from '@lib/testing';

export interface OfflineApi {
  app: INestApplication;
  url: string;
  workspaceId: string;
  adminKey: string;
}

/**
 * campaign-api alone with Redis unreachable (a port where nothing listens), on empty tables
 * with one workspace. Fields are filled in by beforeAll; the real REDIS_URL comes back after.
 */
export function useOfflineApi(workspaceName: string): OfflineApi {
  const t = {} as OfflineApi;
  const realRedis = process.env.REDIS_URL;
  beforeAll(async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false, bodyParser: false });
    configureHttpApp(app, { name: 'campaign-api', title: 't', description: 't' }, loadEnv(HttpEnv));
    await app.listen(0, '127.0.0.1');
    await truncateAll(app.get(DataSource));
    const ws = await provisionWorkspace(app.get(DataSource), workspaceName, workspaceName.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    Object.assign(t, { app, url: await app.getUrl(), workspaceId: ws.workspaceId, adminKey: ws.adminKey });
  });
  afterAll(async () => {
    await t.app?.close();
    process.env.REDIS_URL = realRedis;
  });
  return t;
}
