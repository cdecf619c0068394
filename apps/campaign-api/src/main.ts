import 'reflect-metadata';
import { bootstrapHttpApp } from '@lib/http-kit';
import { AppModule } from './app.module';

bootstrapHttpApp(
  AppModule,
  {
    name: 'campaign-api',
    title: 'Canyu campaign API',
    description: 'Admin API (workspaces, keys, campaigns, participation nodes) and the ingest API for business events.',
  },
  { envVar: 'CAMPAIGN_API_PORT', fallback: 3000 },
).catch((err: Error) => {
  console.error(`campaign-api failed to start: ${err.message}`);
  process.exit(1);
});
