import 'reflect-metadata';
import { InvalidEnvError, loadEnv } from '../validate-env';
import { DrawEnv } from './draw.env';

describe('DrawEnv', () => {
  it('should take 64 hex digits', () => {
    const key = 'a1b2c3d4'.repeat(8);
    expect(loadEnv(DrawEnv, { DRAW_SEED_KEY: key }).DRAW_SEED_KEY).toBe(key);
  });

  it.each([
    ['missing', undefined, 'DRAW_SEED_KEY must be 64 hex digits'],
    ['too short', 'ab'.repeat(16), 'DRAW_SEED_KEY must be 64 hex digits'],
    ['not hex', 'zz'.repeat(32), 'DRAW_SEED_KEY must be 64 hex digits'],
    ['one digit repeated', '0'.repeat(64), 'DRAW_SEED_KEY is one digit repeated'],
  ])('should refuse a key that is %s, saying how to make one', (_, value, message) => {
    const load = () => loadEnv(DrawEnv, value === undefined ? {} : { DRAW_SEED_KEY: value });
    expect(load).toThrow(InvalidEnvError);
    expect(load).toThrow(message);
    expect(load).toThrow('openssl rand -hex 32');
  });
});
