import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { HttpEnv, loadEnv, parseTrustProxy } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { Metrics, PinoNestLogger, createRootLogger, runWithCorrelation, sanitizeCorrelationId } from '@lib/observability';
import { DomainExceptionFilter } from './domain-exception.filter';
import { createValidationPipe } from './validation';

// PostgreSQL text cannot hold U+0000; refuse it at the door rather than fail at the INSERT.
function rejectNulCharacters(req: Request & { rawBody?: Buffer }, _res: Response, next: NextFunction): void {
  if (req.url.includes('%00') || req.rawBody?.includes('\\u0000')) {
    next(new DomainError(ErrorCodes.VALIDATION_FAILED, 'NUL characters (U+0000) are not allowed', 'validation'));
    return;
  }
  next();
}

export interface HttpAppOptions {
  name: string;
  title: string;
  description: string;
}

/** Applies what every HTTP app shares: logging, correlation ids, body limits, errors, OpenAPI. */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions, env: HttpEnv): void {
  // req.ip (rate limits, lockouts) is the socket address unless TRUST_PROXY names the proxies.
  app.set('trust proxy', parseTrustProxy(env.TRUST_PROXY) ?? false);
  app.useBodyParser('json', { limit: env.BODY_LIMIT });
  app.use(rejectNulCharacters);
  const metrics = app.get(Metrics);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const correlationId = sanitizeCorrelationId(req.headers['x-correlation-id']);
    res.setHeader('x-correlation-id', correlationId);
    const stop = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => stop({ route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched', status: res.statusCode }));
    runWithCorrelation(correlationId, () => next());
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'workspace API key (cyu_…)' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
}

/** Boots an HTTP app: validated env, JSON logs, shared configuration, listen. */
export async function bootstrapHttpApp(
  module: Type<unknown>,
  options: HttpAppOptions,
  port: { envVar: string; fallback: number },
): Promise<INestApplication> {
  // The app's own variable wins, then PORT, then the app's default (3000 API, 3001 scoring).
  const env = loadEnv(HttpEnv, { ...process.env, PORT: process.env[port.envVar] ?? process.env.PORT ?? String(port.fallback) });
  const root = createRootLogger(env.LOG_LEVEL, options.name);
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: new PinoNestLogger(root), bodyParser: false, rawBody: true, abortOnError: false });
  configureHttpApp(app, options, env);
  await app.listen(env.PORT, '0.0.0.0');
  root.info({ url: await app.getUrl() }, `${options.name} listening`);
  return app;
}
