export * from './env/database.env';
export * from './env/redis.env';
export * from './env/http.env';
export * from './env/ingest.env';
export * from './env/webhook.env';
export * from './env/worker.env';
export * from './validate-env';
export * from './config.module';
