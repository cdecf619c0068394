import 'reflect-metadata';
import { bootstrapHttpApp } from '@lib/http-kit';
import { ScoringModule } from './scoring.module';

bootstrapHttpApp(
  ScoringModule,
  {
    name: 'scoring',
    title: 'Canyu scoring API',
    description: 'Campaign outcomes (reach, cascades, K-factor, channels) and leaderboards. The dashboard is served at /.',
  },
  { envVar: 'SCORING_PORT', fallback: 3001 },
).catch((err: Error) => {
  console.error(`scoring failed to start: ${err.message}`);
  process.exit(1);
});
