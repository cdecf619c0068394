import 'reflect-metadata';
import { InvalidEnvError, loadEnv } from '../validate-env';
import { AccessEnv } from './access.env';
import { HttpEnv } from './http.env';
import { parseTrustProxy } from './trust-proxy';

describe('AccessEnv', () => {
  it('should default to limits a real shop and the benchmark stay under', () => {
    expect(loadEnv(AccessEnv, {})).toMatchObject({
      RATE_LIMIT_WINDOW_SECONDS: 1,
      RATE_LIMIT_INGEST_PER_KEY: 1000,
      RATE_LIMIT_INGEST_PER_ADDRESS: 1000,
      RATE_LIMIT_WRITES_PER_KEY: 20,
      RATE_LIMIT_WRITES_PER_ADDRESS: 50,
      AUTH_FAILURES_SLOWDOWN_AFTER: 10,
      AUTH_FAILURES_SLOWDOWN_WINDOW_SECONDS: 60,
      AUTH_FAILURES_LOCKOUT_AFTER: 50,
      AUTH_FAILURES_LOCKOUT_WINDOW_SECONDS: 900,
      AUTH_LOCKOUT_SECONDS: 900,
    });
  });

  it('should convert numbers and refuse zero or fractions', () => {
    expect(loadEnv(AccessEnv, { RATE_LIMIT_WRITES_PER_KEY: '5' }).RATE_LIMIT_WRITES_PER_KEY).toBe(5);
    expect(() => loadEnv(AccessEnv, { AUTH_LOCKOUT_SECONDS: '0', RATE_LIMIT_INGEST_PER_KEY: '1.5' })).toThrow(InvalidEnvError);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback, 10.0.0.0/8,fd00::1', ['loopback', '10.0.0.0/8', 'fd00::1']],
  ])('should read %s', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it('should refuse anything else at boot', () => {
    expect(parseTrustProxy('10.0.0.0/99')).toBeNull();
    expect(() => loadEnv(HttpEnv, { TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY is false, true/);
    expect(loadEnv(HttpEnv, {}).TRUST_PROXY).toBe('false');
  });
});
