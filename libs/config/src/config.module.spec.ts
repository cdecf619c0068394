import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { CanyuConfigModule } from './config.module';
import { DatabaseEnv } from './env/database.env';
import { RedisEnv } from './env/redis.env';
import { InvalidEnvError } from './validate-env';

describe('CanyuConfigModule', () => {
  it('should provide each env class validated, with defaults, when the config is good', async () => {
    const module = await Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([DatabaseEnv, RedisEnv], { DATABASE_URL: 'postgres://u@db:5432/x', DATABASE_POOL_SIZE: '7' })],
    }).compile();
    expect(module.get(DatabaseEnv)).toMatchObject({ DATABASE_URL: 'postgres://u@db:5432/x', DATABASE_POOL_SIZE: 7 });
    expect(module.get(RedisEnv).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('should fail at boot, not at import, listing every problem of every class when the config is bad', async () => {
    // Building the module definition must not throw: main() reports the error itself.
    const definition = CanyuConfigModule.forApp([DatabaseEnv, RedisEnv], { DATABASE_URL: 'mysql://x', REDIS_URL: 'nope' });
    const booting = Test.createTestingModule({ imports: [definition] }).compile();
    await expect(booting).rejects.toBeInstanceOf(InvalidEnvError);
    await expect(booting).rejects.toThrow(/DATABASE_URL must be a postgres:\/\/ URL[\s\S]*REDIS_URL must be a redis:\/\/ URL/);
  });
});
