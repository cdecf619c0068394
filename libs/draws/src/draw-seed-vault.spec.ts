import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DrawEnv } from '@lib/config';
import { newSeed } from '@lib/domain';
import { DrawSeedVault } from './draw-seed-vault';

const vaultWith = (key: string) => new DrawSeedVault(Object.assign(new DrawEnv(), { DRAW_SEED_KEY: key }));
const DRAW = '6f1c1a52-4b0e-4c55-9d55-0d5d3b0b7c11';
const OTHER = '0a7d3c2e-9f1b-4f5e-8e7a-2b6c4d8e1f00';

describe('DrawSeedVault', () => {
  const key = randomBytes(32).toString('hex');
  const vault = vaultWith(key);

  it('should open what it sealed, and seal the same seed differently each time', () => {
    const seed = newSeed();
    const sealed = vault.seal(DRAW, seed);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(seed);
    expect(vault.open(DRAW, sealed)).toBe(seed);
    expect(vault.seal(DRAW, seed)).not.toBe(sealed);
  });

  it('should refuse to open for another draw, under another key, or once tampered with', () => {
    const sealed = vault.seal(DRAW, newSeed());
    const message = /does not open with DRAW_SEED_KEY/;
    expect(() => vault.open(OTHER, sealed)).toThrow(message);
    expect(() => vaultWith(randomBytes(32).toString('hex')).open(DRAW, sealed)).toThrow(message);
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => vault.open(DRAW, flipped)).toThrow(message);
    expect(() => vault.open(DRAW, 'v2.x.y')).toThrow(message);
    expect(() => vault.open(DRAW, '')).toThrow(message);
  });

  it('should name a participant the same in one draw and unrelatedly in another', () => {
    const p = vault.pseudonym(DRAW, 'participant-1');
    expect(p).toMatch(/^[0-9a-f]{32}$/);
    expect(vault.pseudonym(DRAW, 'participant-1')).toBe(p);
    expect(vault.pseudonym(OTHER, 'participant-1')).not.toBe(p);
    expect(vault.pseudonym(DRAW, 'participant-2')).not.toBe(p);
    expect(vaultWith(randomBytes(32).toString('hex')).pseudonym(DRAW, 'participant-1')).not.toBe(p);
  });
});
