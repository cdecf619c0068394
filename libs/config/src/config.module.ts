import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EnvClass, InvalidEnvError, bootWarningsOf, loadEnv } from './validate-env';

const VALIDATED = Symbol('VALIDATED_ENV');

/** Validates every env class at once, so one boot failure lists every problem. */
function validateAll(classes: EnvClass[], source: Record<string, unknown>): Map<EnvClass, object> {
  const problems: string[] = [];
  const out = new Map<EnvClass, object>();
  for (const cls of classes) {
    try {
      out.set(cls, loadEnv(cls, source));
    } catch (err) {
      if (!(err instanceof InvalidEnvError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new InvalidEnvError(problems);
  const logger = new Logger(CanyuConfigModule.name);
  for (const env of out.values()) for (const warning of bootWarningsOf(env)) logger.warn(warning);
  return out;
}

/**
 * Provides each env class an app needs, validated when the app boots (not when the module
 * file is imported), so main() can report a bad config as one clear message. Services
 * inject `DatabaseEnv` rather than reading process.env. Global, like the logger.
 */
@Module({})
export class CanyuConfigModule {
  static forApp(classes: EnvClass[], source: Record<string, unknown> = process.env): DynamicModule {
    const providers: Provider[] = [
      { provide: VALIDATED, useFactory: () => validateAll(classes, source) },
      ...classes.map((cls) => ({ provide: cls, inject: [VALIDATED], useFactory: (all: Map<EnvClass, object>) => all.get(cls) })),
    ];
    return {
      module: CanyuConfigModule,
      global: true,
      imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true })],
      providers,
      exports: classes,
    };
  }
}
