import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CanyuConfigModule } from '../config.module';
import { EnvClass, InvalidEnvError, loadEnv } from '../validate-env';
import { DatabaseEnv } from './database.env';
import { INSECURE_DEV_SIGNING_SECRET } from './signing-secret';
import { WebhookEnv } from './webhook.env';

const GOOD = 'f3b1c9d27a4e4b0c8e6a1d5f9b2c7e40'; // 32 characters
const HOW_TO_FIX = /npm start.*\.canyu\/secrets\.env.*export WEBHOOK_SIGNING_SECRET=\$\(openssl rand -hex 32\)/;

function problemsLoading<T extends object>(cls: EnvClass<T>, source: Record<string, unknown>): string[] {
  try {
    loadEnv(cls, source);
  } catch (err) {
    if (err instanceof InvalidEnvError) return err.problems;
    throw err;
  }
  return [];
}

describe('WebhookEnv signing secret', () => {
  it('should refuse to load and say how to fix it when WEBHOOK_SIGNING_SECRET is missing or blank', () => {
    for (const source of [{}, { WEBHOOK_SIGNING_SECRET: '' }]) {
      const problems = problemsLoading(WebhookEnv, source);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^WEBHOOK_SIGNING_SECRET is not set: /);
      expect(problems[0]).toMatch(HOW_TO_FIX);
    }
  });

  it('should refuse a secret shorter than 32 characters and accept one of exactly 32', () => {
    const [problem] = problemsLoading(WebhookEnv, { WEBHOOK_SIGNING_SECRET: GOOD.slice(1) });
    expect(problem).toMatch(/^WEBHOOK_SIGNING_SECRET must be at least 32 characters \(it has 31\): /);
    expect(problem).toMatch(HOW_TO_FIX);
    expect(loadEnv(WebhookEnv, { WEBHOOK_SIGNING_SECRET: GOOD }).WEBHOOK_SIGNING_SECRET).toBe(GOOD);
  });

  it.each(['canyu-dev-only-signing-secret', ' CANYU-DEV-ONLY-SIGNING-SECRET ', INSECURE_DEV_SIGNING_SECRET])(
    'should refuse the published value %j when the dev flag is not set',
    (secret) => {
      const [problem] = problemsLoading(WebhookEnv, { WEBHOOK_SIGNING_SECRET: secret });
      expect(problem).toMatch(/^WEBHOOK_SIGNING_SECRET is a published default or example value/);
      expect(problem).toMatch(HOW_TO_FIX);
    },
  );

  it('should use the fixed dev secret and warn when CANYU_INSECURE_DEV_SECRETS=true and no secret is set', () => {
    const env = loadEnv(WebhookEnv, { CANYU_INSECURE_DEV_SECRETS: 'true' });
    expect(env.WEBHOOK_SIGNING_SECRET).toBe(INSECURE_DEV_SIGNING_SECRET);
    expect(env.CANYU_INSECURE_DEV_SECRETS).toBe(true);
    expect(env.bootWarnings()).toEqual([expect.stringMatching(/^INSECURE: .*fixed, public development secret/)]);
  });

  it('should keep an explicit secret, and its rules, when the dev flag is set', () => {
    const env = loadEnv(WebhookEnv, { CANYU_INSECURE_DEV_SECRETS: 'true', WEBHOOK_SIGNING_SECRET: GOOD });
    expect(env.WEBHOOK_SIGNING_SECRET).toBe(GOOD);
    expect(env.bootWarnings()).toEqual([]);
    expect(problemsLoading(WebhookEnv, { CANYU_INSECURE_DEV_SECRETS: 'true', WEBHOOK_SIGNING_SECRET: 'short' })).toEqual([
      expect.stringMatching(/at least 32 characters/),
    ]);
  });

  it('should not treat a flag value other than true or 1 as set', () => {
    expect(problemsLoading(WebhookEnv, { CANYU_INSECURE_DEV_SECRETS: 'yes' })).toEqual([expect.stringMatching(/is not set/)]);
  });
});

describe('WebhookEnv other settings', () => {
  it('should default the future skew to 60 s and refuse one above 5 min', () => {
    expect(loadEnv(WebhookEnv, { WEBHOOK_SIGNING_SECRET: GOOD }).WEBHOOK_MAX_FUTURE_SKEW_MS).toBe(60_000);
    expect(loadEnv(WebhookEnv, { WEBHOOK_SIGNING_SECRET: GOOD, WEBHOOK_MAX_FUTURE_SKEW_MS: '0' }).WEBHOOK_MAX_FUTURE_SKEW_MS).toBe(0);
    expect(problemsLoading(WebhookEnv, { WEBHOOK_SIGNING_SECRET: GOOD, WEBHOOK_MAX_FUTURE_SKEW_MS: '300001' })).toEqual([
      'WEBHOOK_MAX_FUTURE_SKEW_MS must not be greater than 300000',
    ]);
  });
});

describe('CanyuConfigModule with WebhookEnv', () => {
  afterEach(() => jest.restoreAllMocks());

  it('should fail at boot with one message listing the secret and every other problem', async () => {
    const booting = Test.createTestingModule({
      imports: [CanyuConfigModule.forApp([DatabaseEnv, WebhookEnv], { DATABASE_URL: 'mysql://x', WEBHOOK_TIMEOUT_MS: '1' })],
    }).compile();
    await expect(booting).rejects.toBeInstanceOf(InvalidEnvError);
    await expect(booting).rejects.toThrow(
      /^Invalid configuration:\n {2}- DATABASE_URL must be a postgres:\/\/ URL\n {2}- WEBHOOK_SIGNING_SECRET is not set: .*\n {2}- WEBHOOK_TIMEOUT_MS must not be less than 100$/,
    );
  });

  it('should log the insecure-dev warning once at boot when the dev secret is in use', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const module = await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([WebhookEnv], { CANYU_INSECURE_DEV_SECRETS: '1' })] }).compile();
    expect(module.get(WebhookEnv).WEBHOOK_SIGNING_SECRET).toBe(INSECURE_DEV_SIGNING_SECRET);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^INSECURE: /));
  });

  it('should not warn when a real secret is set', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await Test.createTestingModule({ imports: [CanyuConfigModule.forApp([WebhookEnv], { WEBHOOK_SIGNING_SECRET: GOOD })] }).compile();
    expect(warn).not.toHaveBeenCalled();
  });
});
