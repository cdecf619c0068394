import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import { Channel, DomainError, ErrorCodes, MechanicKind } from '@lib/domain';
import { MechanicHandler } from './mechanic.interface';
import { MechanicRegistry } from './mechanic.registry';
import { MECHANIC_HANDLERS } from './mechanics.module';
import { UgcContestMechanic } from './ugc-contest/ugc-contest.mechanic';
import { DrawMechanic } from './draw/draw.mechanic';
import { ReferralMechanic } from './referral/referral.mechanic';
import { InviteCodeMechanic } from './invite-code/invite-code.mechanic';
import { VoiceShoutMechanic } from './voice-shout/voice-shout.mechanic';
import { SocialPostConfig } from './social-post/social-post.config';
import { SocialPostMechanic } from './social-post/social-post.mechanic';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

const problemsOf = (err: DomainError): string[] => (err.details?.problems ?? []) as string[];

const registry = new MechanicRegistry(MECHANIC_HANDLERS.map((H) => new H()));
const minimal = { prompts: ['more egg or more pancake?'], topic: '煎饼' };

describe('MechanicRegistry construction', () => {
  it('should list every kind when each has exactly one handler', () => {
    expect(registry.kinds()).toEqual([MechanicKind.SocialPost, MechanicKind.UgcContest, MechanicKind.Draw, MechanicKind.VoiceShout, MechanicKind.Referral, MechanicKind.InviteCode]);
  });

  it('should throw naming the kind when a kind is registered twice', () => {
    expect(() => new MechanicRegistry([new SocialPostMechanic(), new SocialPostMechanic()])).toThrow(
      "mechanic kind 'social-post' is registered twice",
    );
  });

  it('should throw naming the missing kinds when a MechanicKind has no handler', () => {
    expect(() => new MechanicRegistry([])).toThrow('mechanic kinds without a handler: social-post, ugc-contest, draw, voice-shout, referral, invite-code');
  });
});

describe('MechanicRegistry.get', () => {
  it('should return the handler when the kind is known', () => {
    expect(registry.get('social-post')).toBeInstanceOf(SocialPostMechanic);
  });

  it('should throw MECHANIC.UNKNOWN_KIND listing known kinds when the kind is unknown', () => {
    // Act
    const err = refusal(() => registry.get('quiz'));
    // Assert
    expect(err.code).toBe(ErrorCodes.MECHANIC_UNKNOWN_KIND);
    expect(err.code).toBe('MECHANIC.UNKNOWN_KIND');
    expect(err.category).toBe('validation');
    expect(err.details).toEqual({ known: ['social-post', 'ugc-contest', 'draw', 'voice-shout', 'referral', 'invite-code'] });
  });

  it('should list the kinds that can claim an event of a type that names no activity', () => {
    expect(registry.claimingKinds('post')).toEqual(['social-post']);
    expect(registry.claimingKinds('purchase')).toEqual([]);
  });
});

describe('MechanicRegistry.parseConfig', () => {
  it('should apply defaults and return a config instance when only required fields are given', () => {
    // Act
    const config = registry.parseConfig('social-post', minimal);
    // Assert
    expect(config).toBeInstanceOf(SocialPostConfig);
    expect(config).toMatchObject({ ...minimal, promptsToShow: 2, deadlineHours: 72, postChannel: Channel.Weibo });
    expect((config as SocialPostConfig).reward).toBeUndefined();
  });

  it('should keep provided values when they are valid', () => {
    const raw = { ...minimal, promptsToShow: 1, deadlineHours: 24, postChannel: 'wechat', reward: { description: 'free soy milk' } };
    expect(registry.parseConfig('social-post', raw)).toMatchObject(raw);
  });

  it('should refuse unknown fields with MECHANIC.CONFIG_INVALID when the config has extras', () => {
    // Act
    const err = refusal(() => registry.parseConfig('social-post', { ...minimal, colour: 'red' }));
    // Assert
    expect(err.code).toBe(ErrorCodes.MECHANIC_CONFIG_INVALID);
    expect(problemsOf(err)).toEqual(['property colour should not exist']);
  });

  it('should list every problem, including nested reward.description, when several values are bad', () => {
    // Arrange
    const raw = { prompts: [], topic: '#bad topic', promptsToShow: 11, deadlineHours: 0, postChannel: 'sandbox', reward: { description: '' } };
    // Act
    const problems = problemsOf(refusal(() => registry.parseConfig('social-post', raw)));
    // Assert
    expect(problems).toEqual(
      expect.arrayContaining([
        'prompts must contain at least 1 elements',
        'topic is 1–60 characters after trimming, with no #',
        'promptsToShow must not be greater than 10',
        'deadlineHours must not be less than 1',
        expect.stringMatching(/^postChannel must be one of the following values/),
        'reward.description must be longer than or equal to 1 characters',
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('should refuse a numeric string when an integer is expected (no implicit conversion)', () => {
    const problems = problemsOf(refusal(() => registry.parseConfig('social-post', { ...minimal, promptsToShow: '2' })));
    expect(problems).toContain('promptsToShow must be an integer number');
  });

  it('should refuse a missing required field when the config is empty', () => {
    const problems = problemsOf(refusal(() => registry.parseConfig('social-post', {})));
    expect(problems).toEqual(expect.arrayContaining(['topic must be a string', 'prompts must be an array']));
  });

  it.each([null, 'config', 42, [minimal]])('should refuse with CONFIG_INVALID when the config is %p', (raw) => {
    const err = refusal(() => registry.parseConfig('social-post', raw));
    expect(err.code).toBe(ErrorCodes.MECHANIC_CONFIG_INVALID);
    expect(err.message).toBe('config must be an object');
  });

  it('should refuse with UNKNOWN_KIND before looking at the config when the kind is unknown', () => {
    expect(refusal(() => registry.parseConfig('quiz', null)).code).toBe(ErrorCodes.MECHANIC_UNKNOWN_KIND);
  });
});

describe('MechanicRegistry.parseConfig with versioned configs', () => {
  class V2Config {
    @IsString() title!: string;
    @IsInt() @Min(1) limit: number = 5;
  }
  const upgradeConfig = jest.fn((raw: Record<string, unknown>) => {
    const { name, ...rest } = raw;
    return { ...rest, title: name };
  });
  const v2: MechanicHandler<V2Config> = {
    kind: MechanicKind.SocialPost,
    configClass: V2Config,
    configVersion: 2,
    inputs: [],
    upgradeConfig,
    activate: () => {
      throw new Error('not used');
    },
    handle: () => {
      throw new Error('not used');
    },
    expire: () => null,
  };
  const versioned = new MechanicRegistry([v2, new UgcContestMechanic(), new DrawMechanic(), new VoiceShoutMechanic(), new ReferralMechanic(), new InviteCodeMechanic()]);
  beforeEach(() => upgradeConfig.mockClear());

  it('should upgrade then validate when the stored version is older', () => {
    // Act
    const config = versioned.parseConfig('social-post', { name: 'hello' }, 1);
    // Assert
    expect(upgradeConfig).toHaveBeenCalledWith({ name: 'hello' }, 1);
    expect(config).toEqual(Object.assign(new V2Config(), { title: 'hello', limit: 5 }));
  });

  it('should not upgrade when the version is current or omitted', () => {
    versioned.parseConfig('social-post', { title: 'hi' }, 2);
    versioned.parseConfig('social-post', { title: 'hi' });
    expect(upgradeConfig).not.toHaveBeenCalled();
  });
});
