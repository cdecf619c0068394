import { INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { HttpEnv, loadEnv } from '@lib/config';
import { configureHttpApp } from '@lib/http-kit';
import { ENTITIES } from '@lib/persistence';

export interface BootedSystem {
  api: INestApplication;
  worker: INestApplicationContext;
  scoring: INestApplication;
  db: DataSource;
  apiUrl: string;
  scoringUrl: string;
  close(): Promise<void>;
}

const quiet = { logger: false as const };

/** Boots one HTTP app as production does (configureHttpApp), on a random loopback port. */
export async function bootHttpApp(module: Type<unknown>, name: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { ...quiet, bodyParser: false });
  configureHttpApp(app, { name, title: name, description: name }, loadEnv(HttpEnv));
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Boots the three real apps in this process (HTTP on random ports), sharing the test env. */
export async function bootSystem(modules: { api: Type<unknown>; worker: Type<unknown>; scoring: Type<unknown> }): Promise<BootedSystem> {
  const http = bootHttpApp;
  const api = await http(modules.api, 'campaign-api');
  const scoring = await http(modules.scoring, 'scoring');
  const worker = await NestFactory.createApplicationContext(modules.worker, quiet);
  await worker.init();
  const db = api.get(DataSource);
  return {
    api,
    worker,
    scoring,
    db,
    apiUrl: await api.getUrl(),
    scoringUrl: await scoring.getUrl(),
    close: async () => {
      await worker.close();
      await api.close();
      await scoring.close();
    },
  };
}

/** Empties every table (the schema stays, from migrations). */
export async function truncateAll(db: DataSource): Promise<void> {
  const tables = ENTITIES.map((e) => `"${db.getMetadata(e).tableName}"`).join(', ');
  await db.query(`TRUNCATE ${tables} CASCADE`);
}

/** Deletes every Redis key under the test's queue prefix and the scoring keys. */
export async function wipeRedis(url: string, patterns: string[]): Promise<void> {
  const redis = new Redis(url);
  // One script, so the loss is atomic as a real one is (a restart without persistence, a
  // failover to an empty replica): a SCAN+DEL loop from outside would race the running apps and
  // delete keys written after the loss was already noticed and healed.
  const script = `
    for _, pattern in ipairs(ARGV) do
      local cursor = '0'
      repeat
        local page = redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
        cursor = page[1]
        for _, key in ipairs(page[2]) do redis.call('DEL', key) end
      until cursor == '0'
    end
    return 0`;
  await redis.eval(script, 0, ...patterns);
  await redis.quit();
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs` with the last value. */
export async function waitFor<T>(check: () => Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/**
 * Waits until no queue holds work that is ready or running (delayed jobs, such as deadlines
 * days ahead, do not count), seen twice in a row: the completion signal for "nothing changed".
 */
export async function waitForIdle(queues: { getJobCounts(...types: string[]): Promise<Record<string, number>> }[], timeoutMs = 15_000): Promise<void> {
  let quietChecks = 0;
  await waitFor(async () => {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')));
    const busy = counts.some((c) => Object.values(c).some((n) => n > 0));
    quietChecks = busy ? 0 : quietChecks + 1;
    return quietChecks >= 2;
  }, 'all queues idle', timeoutMs);
}
