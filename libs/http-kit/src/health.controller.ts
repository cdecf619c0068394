import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import Redis from 'ioredis';
import { Public } from '@lib/access';
import { REDIS } from '@lib/queue';
import { SweeperHealth } from './sweeper-health';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly sweeper: SweeperHealth,
  ) {}

  @Public()
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.pingRedis(), () => this.background()]);
  }

  /**
   * 503 when no sweep has completed for MISSED_SWEEPS intervals (the worker is dead or stuck)
   * or some work has been owed longer than HEALTH_OWED_MAX_AGE_MS. Before the first sweep is
   * recorded (a fresh install) only the second rule applies.
   */
  private async background() {
    const sweeper = this.indicators.check('sweeper');
    const owedWork = this.indicators.check('owedWork');
    try {
      const r = await this.sweeper.report();
      const beat: Record<string, unknown> = r.heartbeat ?? { note: 'no sweep recorded yet' };
      return {
        ...(r.sweeperProblems.length > 0 ? sweeper.down({ problems: r.sweeperProblems, ...beat }) : sweeper.up(beat)),
        ...(r.owedProblems.length > 0 ? owedWork.down({ problems: r.owedProblems, ...r.owed }) : owedWork.up(r.owed)),
      };
    } catch (err) {
      return sweeper.down({ message: (err as Error).message });
    }
  }

  private async pingRedis() {
    const indicator = this.indicators.check('redis');
    try {
      await this.redis.ping();
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
