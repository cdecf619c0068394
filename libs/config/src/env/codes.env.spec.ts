import 'reflect-metadata';
import { InvalidEnvError, loadEnv } from '../validate-env';
import { CodesEnv } from './codes.env';

describe('CodesEnv', () => {
  it('should take 64 hex digits', () => {
    const key = 'a1b2c3d4'.repeat(8);
    expect(loadEnv(CodesEnv, { CODE_HASH_KEY: key }).CODE_HASH_KEY).toBe(key);
  });

  it.each([
    ['missing', undefined, 'CODE_HASH_KEY must be 64 hex digits'],
    ['too short', 'ab'.repeat(16), 'CODE_HASH_KEY must be 64 hex digits'],
    ['not hex', 'zz'.repeat(32), 'CODE_HASH_KEY must be 64 hex digits'],
    ['one digit repeated', 'f'.repeat(64), 'CODE_HASH_KEY is one digit repeated'],
  ])('should refuse a key that is %s, saying how to make one', (_, value, message) => {
    const load = () => loadEnv(CodesEnv, value === undefined ? {} : { CODE_HASH_KEY: value });
    expect(load).toThrow(InvalidEnvError);
    expect(load).toThrow(message);
    expect(load).toThrow('openssl rand -hex 32');
  });
});
