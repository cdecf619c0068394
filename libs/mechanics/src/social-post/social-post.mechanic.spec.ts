import 'reflect-metadata';
import { ActivityState, Channel } from '@lib/domain';
import { MechanicContext, MechanicEffect, MechanicInput } from '../mechanic.interface';
import { SocialPostConfig } from './social-post.config';
import { SocialPostMechanic } from './social-post.mechanic';
import { pickPrompts } from './prompt-picker';

const CREATED = new Date('2026-03-03T02:00:00Z');
const DEADLINE = new Date('2026-03-06T02:00:00Z'); // CREATED + 72h

function config(over: Partial<SocialPostConfig> = {}): SocialPostConfig {
  return Object.assign(new SocialPostConfig(), { prompts: ['egg?', 'pancake?', 'sauce?', 'onion?'], topic: '煎饼', ...over });
}

function ctx(
  state: ActivityState,
  over: { config?: SocialPostConfig; result?: Record<string, unknown>; deadlineAt?: Date | null } = {},
): MechanicContext<SocialPostConfig> {
  return {
    config: over.config ?? config(),
    campaign: { id: 'c-1', name: 'Tuesday open purchase', timezone: 'Asia/Shanghai' },
    node: { id: 'n-1', name: 'post after purchase', channel: 'sandbox' },
    activity: { id: 'act-1', state, result: over.result ?? { topic: '煎饼' }, deadlineAt: over.deadlineAt === undefined ? DEADLINE : over.deadlineAt, triggeredAt: CREATED },
    messages: [],
    now: new Date('2026-03-03T03:00:00Z'),
  };
}

function post(data: Record<string, unknown>, occurredAt = new Date('2026-03-04T00:00:00Z')): MechanicInput {
  return { event: { id: 'evt-9', type: 'post', occurredAt, channel: 'weibo', data } };
}

const mechanic = new SocialPostMechanic();
const valid = { postId: 'wb-123', text: 'Breakfast! #煎饼# two eggs please' };

describe('SocialPostMechanic.activate', () => {
  it('should invite with the configured number of deterministic prompts when the activity is pending', () => {
    // Arrange
    const context = ctx(ActivityState.Pending, { config: config({ promptsToShow: 3 }) });
    // Act
    const outcome = mechanic.activate(context);
    // Assert
    const expected = pickPrompts(context.config.prompts, 3, 'act-1');
    expect(outcome.state).toBe(ActivityState.Invited);
    expect(outcome.result).toEqual({ prompts: expected, topic: '煎饼', postChannel: Channel.Weibo });
    expect(expected).toHaveLength(3);
    expect(mechanic.activate(context).result).toEqual(outcome.result);
  });

  it('should emit an invitation message and a deadline effect when activating', () => {
    // Act
    const outcome = mechanic.activate(ctx(ActivityState.Pending, { config: config({ reward: { description: 'free soy milk' } }) }));
    // Assert
    expect(outcome.effects).toHaveLength(2);
    const [message, deadline] = outcome.effects as [Extract<MechanicEffect, { type: 'message' }>, Extract<MechanicEffect, { type: 'deadline' }>];
    expect(message).toMatchObject({
      type: 'message',
      purpose: 'invitation',
      body: {
        kind: 'social-post.invitation',
        invitationId: 'act-1',
        campaign: 'Tuesday open purchase',
        topic: '#煎饼#',
        postTo: 'weibo',
        deadline: DEADLINE.toISOString(),
        reward: 'free soy milk',
      },
    });
    expect(deadline).toEqual({ type: 'deadline', at: DEADLINE });
  });

  it('should count the deadline from the trigger when deadlineHours is configured', () => {
    const outcome = mechanic.activate(ctx(ActivityState.Pending, { config: config({ deadlineHours: 2 }), deadlineAt: null }));
    expect(outcome.effects).toContainEqual({ type: 'deadline', at: new Date('2026-03-03T04:00:00Z') });
  });

  it('should send a null reward in the invitation when no reward is configured', () => {
    const [message] = mechanic.activate(ctx(ActivityState.Pending)).effects;
    expect(message.type === 'message' && message.body.reward).toBeNull();
  });

  it.each([ActivityState.Invited, ActivityState.Completed, ActivityState.Expired, ActivityState.Failed])(
    'should change nothing when activating an activity that is %s',
    (state) => {
      const context = ctx(state, { result: { prompts: ['x'] } });
      expect(mechanic.activate(context)).toEqual({ state, result: { prompts: ['x'] }, effects: [] });
    },
  );
});

describe('SocialPostMechanic.handle', () => {
  it('should complete with a spread effect and no thanks when a post carries #topic# and no reward is set', () => {
    // Act
    const outcome = mechanic.handle(ctx(ActivityState.Invited), post(valid));
    // Assert
    expect(outcome.verdict).toEqual({ accepted: true });
    expect(outcome.state).toBe(ActivityState.Completed);
    expect(outcome.effects).toEqual([{ type: 'spread', channel: 'weibo' }]);
    expect(outcome.result).toEqual({ topic: '煎饼', postId: 'wb-123', postedAt: '2026-03-04T00:00:00.000Z' });
  });

  it('should add a thanks message when a reward is configured', () => {
    // Arrange
    const context = ctx(ActivityState.Invited, { config: config({ reward: { description: 'free soy milk' } }) });
    // Act
    const outcome = mechanic.handle(context, post(valid));
    // Assert
    expect(outcome.effects).toEqual([
      { type: 'spread', channel: 'weibo' },
      { type: 'message', purpose: 'thanks', body: { kind: 'social-post.thanks', invitationId: 'act-1', reward: 'free soy milk' } },
    ]);
  });

  it('should accept the plain #topic hashtag form when followed by space, punctuation or end of text', () => {
    // Act
    const verdicts = ['#煎饼 yum', 'yum #煎饼', '#煎饼!'].map((text) => mechanic.handle(ctx(ActivityState.Invited), post({ postId: 'p', text })).verdict);
    // Assert
    expect(verdicts).toEqual(Array(3).fill({ accepted: true }));
  });

  it('should match the topic case-insensitively when the post capitalises it', () => {
    const context = ctx(ActivityState.Invited, { config: config({ topic: 'jianbing' }) });
    expect(mechanic.handle(context, post({ postId: 'p', text: 'I love #JIANBING, really' })).verdict).toEqual({ accepted: true });
  });

  it('should reject with TOPIC_MISSING when #topicX extends the hashtag', () => {
    // Arrange: latin and CJK extensions of the hashtag are different topics
    const latin = ctx(ActivityState.Invited, { config: config({ topic: 'jianbing' }) });
    // Act
    const a = mechanic.handle(latin, post({ postId: 'p', text: '#jianbingX is here' }));
    const b = mechanic.handle(latin, post({ postId: 'p', text: '#jianbing_2026' }));
    const c = mechanic.handle(ctx(ActivityState.Invited), post({ postId: 'p', text: '#煎饼果子#' }));
    // Assert
    expect([a, b, c].map((o) => o.verdict)).toEqual(Array(3).fill({ accepted: false, reason: 'TOPIC_MISSING' }));
  });

  it('should reject with TOPIC_MISSING when the text lacks the topic, lacks the # or is not a string', () => {
    const texts: unknown[] = ['just breakfast', '煎饼 without hash', undefined, 42];
    for (const text of texts) {
      expect(mechanic.handle(ctx(ActivityState.Invited), post({ postId: 'p', text })).verdict).toEqual({ accepted: false, reason: 'TOPIC_MISSING' });
    }
  });

  it('should accept a post whose channel reports the topic when the text lacks it, full-width marks included', () => {
    const spaced = ctx(ActivityState.Invited, { config: config({ topic: '小米 星期二' }) });
    expect(mechanic.handle(spaced, post({ postId: 'p', text: '早餐', topics: [3, '＃小米 星期二＃'] })).verdict).toEqual({ accepted: true });
    expect(mechanic.handle(spaced, post({ postId: 'p', text: '早餐', topics: ['小米星期二'] })).verdict).toEqual({ accepted: false, reason: 'TOPIC_MISSING' });
  });

  it('should treat regex characters in the topic literally when matching', () => {
    const context = ctx(ActivityState.Invited, { config: config({ topic: 'c++' }) });
    expect(mechanic.handle(context, post({ postId: 'p', text: 'I like #c++ a lot' })).verdict?.accepted).toBe(true);
    expect(mechanic.handle(context, post({ postId: 'p', text: 'I like #ccc a lot' })).verdict?.accepted).toBe(false);
  });

  it('should accept a post exactly at the deadline and reject with AFTER_DEADLINE one millisecond later', () => {
    expect(mechanic.handle(ctx(ActivityState.Invited), post(valid, DEADLINE)).verdict).toEqual({ accepted: true });
    const late = mechanic.handle(ctx(ActivityState.Invited), post(valid, new Date(DEADLINE.getTime() + 1)));
    expect(late).toEqual({ state: ActivityState.Invited, result: { topic: '煎饼' }, effects: [], verdict: { accepted: false, reason: 'AFTER_DEADLINE' } });
  });

  it('should reject with MISSING_POST_ID when postId is absent, empty or not a string', () => {
    for (const postId of [undefined, '', 123]) {
      const outcome = mechanic.handle(ctx(ActivityState.Invited), post({ postId, text: '#煎饼#' }));
      expect(outcome.verdict).toEqual({ accepted: false, reason: 'MISSING_POST_ID' });
      expect(outcome.effects).toEqual([]);
    }
  });

  it('should reject with ALREADY_COMPLETED and keep the result when the activity is completed', () => {
    // Arrange
    const done = ctx(ActivityState.Completed, { result: { postId: 'first' } });
    // Act
    const outcome = mechanic.handle(done, post(valid));
    // Assert
    expect(outcome).toEqual({ state: ActivityState.Completed, result: { postId: 'first' }, effects: [], verdict: { accepted: false, reason: 'ALREADY_COMPLETED' } });
  });

  it('should reject with NOT_INVITED_YET when the activity is still pending', () => {
    expect(mechanic.handle(ctx(ActivityState.Pending), post(valid)).verdict).toEqual({ accepted: false, reason: 'NOT_INVITED_YET' });
  });

  it('should reject naming the final state when the activity failed', () => {
    expect(mechanic.handle(ctx(ActivityState.Failed), post(valid)).verdict?.reason).toBe('ACTIVITY_FAILED');
  });

  it('should accept a post made before the deadline when it syncs after the activity expired', () => {
    const outcome = mechanic.handle(ctx(ActivityState.Expired), post(valid));
    expect(outcome.verdict).toEqual({ accepted: true });
    expect(outcome.state).toBe(ActivityState.Completed);
  });

  it('should check the deadline before the post contents when both are wrong', () => {
    const outcome = mechanic.handle(ctx(ActivityState.Invited), post({}, new Date('2026-04-01T00:00:00Z')));
    expect(outcome.verdict?.reason).toBe('AFTER_DEADLINE');
  });
});

describe('SocialPostMechanic.expire', () => {
  it('should expire and keep the result when the activity is invited', () => {
    expect(mechanic.expire(ctx(ActivityState.Invited, { result: { prompts: ['a'] } }))).toEqual({
      state: ActivityState.Expired,
      result: { prompts: ['a'] },
      effects: [],
      reason: 'INVITATION_NOT_SENT_BEFORE_DEADLINE',
    });
  });

  it.each([ActivityState.Pending, ActivityState.Completed, ActivityState.Expired, ActivityState.Failed])(
    'should return null when the activity is %s',
    (state) => {
      expect(mechanic.expire(ctx(state))).toBeNull();
    },
  );
});

describe('SocialPostMechanic business time', () => {
  it('should count the deadline from the purchase (triggeredAt), not from when the worker processed it', () => {
    const context = ctx(ActivityState.Pending, { deadlineAt: null });
    const outcome = mechanic.activate(context);
    const deadline = outcome.effects.find((e) => e.type === 'deadline');
    expect(deadline?.type === 'deadline' && deadline.at.toISOString()).toBe(new Date(CREATED.getTime() + 72 * 3_600_000).toISOString());
  });

  it('should expire without inviting when the deadline has already passed at activation (a late sync)', () => {
    const context = { ...ctx(ActivityState.Pending, { deadlineAt: null }), now: new Date(CREATED.getTime() + 73 * 3_600_000) };
    const outcome = mechanic.activate(context);
    expect([outcome.state, outcome.reason, outcome.effects.map((e) => e.type)]).toEqual([ActivityState.Expired, 'DEADLINE_PASSED_BEFORE_INVITATION', ['deadline']]);
  });

  it('should say why an invitation expired: never sent, or sent and not answered', () => {
    const open = ctx(ActivityState.Invited);
    expect(mechanic.expire(open)?.reason).toBe('INVITATION_NOT_SENT_BEFORE_DEADLINE');
    expect(mechanic.expire({ ...open, messages: [{ purpose: 'invitation', status: 'sent' }] })?.reason).toBe('NO_POST_BEFORE_DEADLINE');
  });

  it('should claim a post without invitation id that carries the topic between the purchase and the deadline', () => {
    const open = ctx(ActivityState.Invited);
    expect(mechanic.claims(open, post(valid))).toBe(true);
    expect(mechanic.claims(ctx(ActivityState.Expired), post(valid))).toBe(true);
    expect(mechanic.claims(open, post({ postId: 'x', text: 'no topic here' }))).toBe(false);
    expect(mechanic.claims(open, post(valid, new Date(CREATED.getTime() - 1)))).toBe(false);
    expect(mechanic.claims(open, post(valid, new Date(DEADLINE.getTime() + 1)))).toBe(false);
    expect(mechanic.claims(ctx(ActivityState.Completed), post(valid))).toBe(false);
    expect(mechanic.claims(ctx(ActivityState.Pending), post(valid))).toBe(false);
  });
});
