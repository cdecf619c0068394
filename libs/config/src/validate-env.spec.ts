import 'reflect-metadata';
import { DatabaseEnv } from './env/database.env';
import { HttpEnv } from './env/http.env';
import { RedisEnv } from './env/redis.env';
import { WorkerEnv } from './env/worker.env';
import { EnvClass, InvalidEnvError, loadEnv } from './validate-env';

function problemsLoading<T extends object>(cls: EnvClass<T>, source: Record<string, unknown>): string[] {
  try {
    loadEnv(cls, source);
  } catch (err) {
    if (err instanceof InvalidEnvError) return err.problems;
    throw err;
  }
  throw new Error('expected an InvalidEnvError');
}

describe('loadEnv with DatabaseEnv', () => {
  it('should apply class defaults when the source is empty', () => {
    // Act
    const env = loadEnv(DatabaseEnv, {});
    // Assert
    expect(env).toBeInstanceOf(DatabaseEnv);
    expect(env).toEqual(Object.assign(new DatabaseEnv(), { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/canyu', DATABASE_POOL_SIZE: 20 }));
  });

  it('should convert numeric strings to numbers when the field is typed as a number', () => {
    const env = loadEnv(DatabaseEnv, { DATABASE_URL: 'postgresql://app@db:5432/canyu', DATABASE_POOL_SIZE: '25' });
    expect(env.DATABASE_POOL_SIZE).toBe(25);
    expect(env.DATABASE_URL).toBe('postgresql://app@db:5432/canyu');
  });

  it('should treat an empty string as unset when a variable is exported blank', () => {
    expect(loadEnv(DatabaseEnv, { DATABASE_URL: '', DATABASE_POOL_SIZE: '' })).toMatchObject({ DATABASE_POOL_SIZE: 20 });
  });

  it('should ignore unrelated keys when the source holds other variables', () => {
    const env = loadEnv(DatabaseEnv, { PATH: '/usr/bin', REDIS_URL: 'redis://x' });
    expect(Object.keys(env).sort()).toEqual(['DATABASE_POOL_SIZE', 'DATABASE_URL']);
  });

  it('should throw InvalidEnvError listing every problem when the URL and pool size are both bad', () => {
    // Act
    let caught: unknown;
    try {
      loadEnv(DatabaseEnv, { DATABASE_URL: 'mysql://root@db/canyu', DATABASE_POOL_SIZE: '0' });
    } catch (err) {
      caught = err;
    }
    // Assert
    expect(caught).toBeInstanceOf(InvalidEnvError);
    const error = caught as InvalidEnvError;
    expect(error.name).toBe('InvalidEnvError');
    expect(error.problems).toEqual(['DATABASE_URL must be a postgres:// URL', 'DATABASE_POOL_SIZE must not be less than 1']);
    expect(error.message).toBe(
      'Invalid configuration:\n  - DATABASE_URL must be a postgres:// URL\n  - DATABASE_POOL_SIZE must not be less than 1',
    );
  });

  it('should refuse a pool size that is not an integer when given a fraction or text', () => {
    expect(problemsLoading(DatabaseEnv, { DATABASE_POOL_SIZE: '2.5' })).toEqual(['DATABASE_POOL_SIZE must be an integer number']);
    expect(problemsLoading(DatabaseEnv, { DATABASE_POOL_SIZE: 'ten' })).toContain('DATABASE_POOL_SIZE must be an integer number');
  });

  it('should read process.env when no source is given', () => {
    // Arrange
    const saved = process.env.DATABASE_POOL_SIZE;
    process.env.DATABASE_POOL_SIZE = '7';
    try {
      // Act / Assert
      expect(loadEnv(DatabaseEnv).DATABASE_POOL_SIZE).toBe(7);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = saved;
    }
  });
});

describe('loadEnv with RedisEnv', () => {
  it('should apply defaults when nothing is set', () => {
    expect(loadEnv(RedisEnv, {})).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'canyu' });
  });

  it('should accept a TLS rediss:// URL and a braced prefix when set', () => {
    const env = loadEnv(RedisEnv, { REDIS_URL: 'rediss://cache.internal:6380', QUEUE_PREFIX: '{canyu-test}:1' });
    expect(env).toMatchObject({ REDIS_URL: 'rediss://cache.internal:6380', QUEUE_PREFIX: '{canyu-test}:1' });
  });

  it('should list both problems when the URL is http and the prefix has spaces', () => {
    const problems = problemsLoading(RedisEnv, { REDIS_URL: 'http://cache:6379', QUEUE_PREFIX: 'my prefix' });
    expect(problems).toEqual(['REDIS_URL must be a redis:// URL', 'QUEUE_PREFIX may hold letters, digits and : _ - { }']);
  });

  it('should refuse a URL with a scheme but no host', () => {
    expect(problemsLoading(RedisEnv, { REDIS_URL: 'redis://' })).toEqual(['REDIS_URL must be a redis:// URL']);
  });
});

describe('loadEnv with WorkerEnv', () => {
  it('should apply defaults when nothing is set', () => {
    expect(loadEnv(WorkerEnv, {})).toMatchObject({ WORKER_CONCURRENCY: 32, SWEEP_INTERVAL_MS: 5_000, SWEEP_GRACE_MS: 10_000 });
  });

  it('should convert every numeric string when all are set', () => {
    const env = loadEnv(WorkerEnv, { WORKER_CONCURRENCY: '4', SWEEP_INTERVAL_MS: '200', SWEEP_GRACE_MS: '0' });
    expect(env).toMatchObject({ WORKER_CONCURRENCY: 4, SWEEP_INTERVAL_MS: 200, SWEEP_GRACE_MS: 0 });
    expect(typeof env.SWEEP_GRACE_MS).toBe('number');
  });

  it('should list a problem per field when every value is out of range', () => {
    // Act
    const problems = problemsLoading(WorkerEnv, { WORKER_CONCURRENCY: '257', SWEEP_INTERVAL_MS: '199', SWEEP_GRACE_MS: '-1' });
    // Assert
    expect(problems).toEqual([
      'WORKER_CONCURRENCY must not be greater than 256',
      'SWEEP_INTERVAL_MS must not be less than 200',
      'SWEEP_GRACE_MS must not be less than 0',
    ]);
  });
});

describe('loadEnv with HttpEnv', () => {
  it('should leave METRICS_TOKEN unset by default and refuse a short one', () => {
    expect(loadEnv(HttpEnv, {}).METRICS_TOKEN).toBeUndefined();
    expect(loadEnv(HttpEnv, { METRICS_TOKEN: 'a-long-enough-token' }).METRICS_TOKEN).toBe('a-long-enough-token');
    expect(problemsLoading(HttpEnv, { METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters']);
  });
});
