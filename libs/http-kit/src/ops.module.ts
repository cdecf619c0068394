import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisModule } from '@lib/queue';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { SweeperHealth } from './sweeper-health';

/** /health (database, Redis, sweeper heartbeat, owed work) and /metrics (Prometheus) for an HTTP app. */
@Module({
  imports: [TerminusModule, RedisModule],
  controllers: [HealthController, MetricsController],
  providers: [SweeperHealth],
})
export class OpsModule {}
