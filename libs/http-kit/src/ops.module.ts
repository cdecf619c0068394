import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisModule } from '@lib/queue';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** /health (database, Redis) and /metrics (Prometheus) for an HTTP app. */
@Module({
  imports: [TerminusModule, RedisModule],
  controllers: [HealthController, MetricsController],
})
export class OpsModule {}
