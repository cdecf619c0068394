import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** Provides the process's Metrics; global like the logger, since every layer counts things. */
@Global()
@Module({})
export class ObservabilityModule {
  static forApp(app: string): DynamicModule {
    const metrics = { provide: Metrics, useValue: new Metrics(app) };
    return { module: ObservabilityModule, providers: [metrics], exports: [metrics] };
  }
}
