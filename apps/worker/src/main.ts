import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { LogEnv, loadEnv } from '@lib/config';
import { createRootLogger, PinoNestLogger } from '@lib/observability';
import { WorkerModule } from './worker.module';

// A Nest application context with no HTTP: BullMQ processors only.
async function bootstrap(): Promise<void> {
  const root = createRootLogger(loadEnv(LogEnv).LOG_LEVEL, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(root), abortOnError: false });
  app.enableShutdownHooks();
  root.info('worker started');
}

bootstrap().catch((err: Error) => {
  console.error(`worker failed to start: ${err.message}`);
  process.exit(1);
});
