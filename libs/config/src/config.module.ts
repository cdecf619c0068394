import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EnvClass, InvalidEnvError, loadEnv } from './validate-env';

/**
 * Validates each env class an app needs at boot and provides it by class, so services
 * inject `DatabaseEnv` rather than reading process.env. Global, like the logger.
 */
@Module({})
export class CanyuConfigModule {
  static forApp(classes: EnvClass[], source: Record<string, unknown> = process.env): DynamicModule {
    const problems: string[] = [];
    const providers: Provider[] = [];
    for (const cls of classes) {
      try {
        providers.push({ provide: cls, useValue: loadEnv(cls, source) });
      } catch (err) {
        if (err instanceof InvalidEnvError) problems.push(...err.problems);
        else throw err;
      }
    }
    if (problems.length > 0) throw new InvalidEnvError(problems);
    return {
      module: CanyuConfigModule,
      global: true,
      imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true })],
      providers,
      exports: providers,
    };
  }
}
