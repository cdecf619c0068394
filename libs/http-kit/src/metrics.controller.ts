import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lib/access';
import { Metrics } from '@lib/observability';
import { MetricsTokenGuard } from './metrics-token.guard';

@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  // Public to API keys; METRICS_TOKEN, when set, guards it instead (a guard runs before
  // @Header, so a refusal keeps its JSON content type).
  @Public()
  @UseGuards(MetricsTokenGuard)
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
