import { INestApplication, Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { HttpEnv, loadEnv, parseTrustProxy } from '@lib/config';
import { Metrics, PinoNestLogger, createRootLogger, runWithCorrelation, sanitizeCorrelationId } from '@lib/observability';
import { DomainExceptionFilter, TOO_DEEP_ERROR_TYPE } from './domain-exception.filter';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './request/json-depth';
import { JSON_MEDIA_TYPES, MULTIPART_ROUTES, MultipartRoute, requireJsonBody } from './request/media-type';
import { rejectUnstorableText } from './request/request-text';
import { securityHeaders } from './security-headers';
import { createValidationPipe } from './validation';

// A body nested deeper than any real one: refused before JSON.parse and class-transformer
// spend tens of milliseconds of the event loop on it (body-parser maps a throw here to next(err)).
function checkRawJson(req: Request & { rawBody?: Buffer }, _res: Response, raw: Buffer): void {
  req.rawBody = raw; // the signed callbacks verify the exact bytes
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    throw Object.assign(new Error(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`), { type: TOO_DEEP_ERROR_TYPE });
  }
}

/**
 * The app's multipart routes (MULTIPART_ROUTES), or none when it provides no such list. Asked
 * through ModuleRef: app.get() of an absent token would end the process under abortOnError.
 */
function multipartRoutesOf(app: NestExpressApplication): MultipartRoute[] {
  try {
    return app.get(ModuleRef).get<MultipartRoute[]>(MULTIPART_ROUTES, { strict: false });
  } catch {
    return [];
  }
}

export interface HttpAppOptions {
  name: string;
  title: string;
  description: string;
}

/**
 * Applies what every HTTP app shares: security headers, JSON-only bodies (size and depth
 * limits, storable text; multipart only on the routes an app lists under MULTIPART_ROUTES), logging, correlation ids, errors, OpenAPI. Create the app with
 * `bodyParser: false`: the JSON parser registered here keeps `req.rawBody` itself.
 */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions, env: HttpEnv): void {
  // req.ip (rate limits, lockouts) is the socket address unless TRUST_PROXY names the proxies.
  app.set('trust proxy', parseTrustProxy(env.TRUST_PROXY) ?? false);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(requireJsonBody(multipartRoutesOf(app)));
  // Through the adapter with rawBody off, so Nest passes our verify to body-parser instead of
  // replacing it with its own (its types omit verify for that reason; e2e tests cover both).
  const json = { limit: env.BODY_LIMIT, type: JSON_MEDIA_TYPES, verify: checkRawJson };
  (app.getHttpAdapter() as ExpressAdapter).useBodyParser('json', false, json as NestExpressBodyParserOptionsFor<'json'>);
  app.use(rejectUnstorableText);
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
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: new PinoNestLogger(root), bodyParser: false, abortOnError: false });
  configureHttpApp(app, options, env);
  await app.listen(env.PORT, '0.0.0.0');
  root.info({ url: await app.getUrl() }, `${options.name} listening`);
  return app;
}
