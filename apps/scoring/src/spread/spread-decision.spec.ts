import type { InboundEventEntity, MechanicInputResult, SpreadEventEntity, SpreadStatus } from '@lib/persistence';
import { decideSpread, placeOf } from './spread-decision';

function inbound(data: Record<string, unknown>): InboundEventEntity {
  return {
    id: 'in-1',
    type: 'post',
    occurredAt: new Date('2026-03-03T03:00:00Z'),
    channel: 'weibo',
    data,
  } as Partial<InboundEventEntity> as InboundEventEntity;
}

function spread(status: SpreadStatus, over: Partial<SpreadEventEntity> = {}): SpreadEventEntity {
  return {
    id: 'sp-parent',
    campaignId: 'camp-1',
    kind: 'post',
    postRef: 'wb-1',
    depth: 0,
    status,
    ...over,
  } as Partial<SpreadEventEntity> as SpreadEventEntity;
}

const accepted: MechanicInputResult = { activityId: 'act-1', campaignId: 'camp-1', accepted: true };

describe('decideSpread for posts', () => {
  it('should count at depth 0 under the campaign when the mechanic accepted the post', () => {
    // Act
    const decision = decideSpread('post', inbound({ postId: 'wb-1' }), null, null, accepted);
    // Assert
    expect(decision).toEqual({ status: 'counted', campaignId: 'camp-1', depth: 0, parent: null });
  });

  it('should reject with the mechanic reason and campaign when the mechanic rejected the post', () => {
    const verdict: MechanicInputResult = { ...accepted, accepted: false, reason: 'TOPIC_MISSING' };
    expect(decideSpread('post', inbound({}), null, null, verdict)).toEqual({ status: 'rejected', campaignId: 'camp-1', reason: 'TOPIC_MISSING' });
  });

  it('should fall back to REJECTED_BY_MECHANIC and a null campaign when the rejection has neither', () => {
    const verdict: MechanicInputResult = { activityId: 'act-1', campaignId: '', accepted: false };
    expect(decideSpread('post', inbound({}), null, null, verdict)).toEqual({ status: 'rejected', campaignId: null, reason: 'REJECTED_BY_MECHANIC' });
  });

  it('should reject as DUPLICATE_POST_ID a post naming no invitation whose id a live row already holds', () => {
    const holder = spread('counted', { id: 'sp-held', inboundEventId: 'other-event', campaignId: 'c-1' });
    expect(decideSpread('post', inbound({ postId: 'wb-1' }), null, holder)).toEqual({ status: 'rejected', campaignId: 'c-1', reason: 'DUPLICATE_POST_ID' });
  });

  it('should wait for an invitation when no mechanic has judged the post yet', () => {
    expect(decideSpread('post', inbound({ postId: 'wb-1' }), null, null)).toEqual({ status: 'pending_parent', reason: 'WAITING_FOR_INVITATION' });
  });

  it('should reject as DUPLICATE_POST_ID under the campaign when the post was already recorded', () => {
    // Arrange
    const earlier = spread('counted', { id: 'sp-earlier' });
    // Act
    const decision = decideSpread('post', inbound({ postId: 'wb-1' }), null, earlier, accepted);
    // Assert
    expect(decision).toEqual({ status: 'rejected', campaignId: 'camp-1', reason: 'DUPLICATE_POST_ID' });
  });

  it('should count the post when the only earlier row with its id was rejected', () => {
    // The same post first arrived without its invitation id (NOT_ATTRIBUTED), then with it.
    const earlier = spread('rejected', { id: 'sp-earlier', reason: 'NOT_ATTRIBUTED' });
    const decision = decideSpread('post', inbound({ postId: 'wb-1' }), null, earlier, accepted);
    expect(decision).toEqual({ status: 'counted', campaignId: 'camp-1', depth: 0, parent: null });
  });

  it('should ignore a parent when the kind is post', () => {
    const decision = decideSpread('post', inbound({ parentPostId: 'x' }), spread('counted', { depth: 4 }), null, accepted);
    expect(decision).toMatchObject({ status: 'counted', depth: 0, parent: null });
  });
});

describe('decideSpread for reposts, referrals and follows', () => {
  it('should count one level deeper under the parent campaign when the parent was counted', () => {
    // Arrange
    const parent = spread('counted', { depth: 2, campaignId: 'camp-7' });
    // Act
    const decision = decideSpread('repost', inbound({ parentPostId: 'wb-1' }), parent, null);
    // Assert
    expect(decision).toEqual({ status: 'counted', campaignId: 'camp-7', depth: 3, parent });
  });

  it('should treat a parent without depth as depth 0 when counting', () => {
    const parent = spread('counted', { depth: null });
    expect(decideSpread('referral', inbound({ parentPostId: 'wb-1' }), parent, null)).toMatchObject({ status: 'counted', depth: 1 });
  });

  it.each(['repost', 'referral', 'follow'] as const)('should wait for the parent when a %s arrives before it', (kind) => {
    expect(decideSpread(kind, inbound({ parentPostId: 'wb-404' }), null, null)).toEqual({ status: 'pending_parent', reason: 'WAITING_FOR_PARENT' });
  });

  it('should keep waiting when the parent itself is still pending', () => {
    const parent = spread('pending_parent', { campaignId: null, depth: null });
    expect(decideSpread('repost', inbound({ parentPostId: 'wb-1' }), parent, null)).toEqual({ status: 'pending_parent', reason: 'WAITING_FOR_PARENT' });
  });

  it('should reject as PARENT_REJECTED under the parent campaign when the parent was rejected', () => {
    const parent = spread('rejected', { campaignId: 'camp-1' });
    expect(decideSpread('repost', inbound({ parentPostId: 'wb-1' }), parent, null)).toEqual({ status: 'rejected', campaignId: 'camp-1', reason: 'PARENT_REJECTED' });
  });

  it('should reject as MISSING_PARENT_POST_ID when parentPostId is absent or not a string', () => {
    for (const data of [{}, { parentPostId: 42 }, { parentPostId: null }]) {
      expect(decideSpread('repost', inbound(data), spread('counted'), null)).toEqual({ status: 'rejected', campaignId: null, reason: 'MISSING_PARENT_POST_ID' });
    }
  });

  it('should reject as DUPLICATE_POST_ID under the parent campaign when the repost was already recorded', () => {
    const decision = decideSpread('repost', inbound({ parentPostId: 'wb-1' }), spread('counted'), spread('counted', { id: 'sp-dup' }));
    expect(decision).toEqual({ status: 'rejected', campaignId: 'camp-1', reason: 'DUPLICATE_POST_ID' });
  });

  it('should reject a duplicate with a null campaign when the parent is unknown', () => {
    const decision = decideSpread('repost', inbound({ parentPostId: 'wb-1' }), null, spread('counted', { id: 'sp-dup' }));
    expect(decision).toEqual({ status: 'rejected', campaignId: null, reason: 'DUPLICATE_POST_ID' });
  });
});

describe('decideSpread edge cases', () => {
  it('should reject a repost that names itself as parent', () => {
    expect(decideSpread('repost', inbound({ postId: 'x', parentPostId: 'x' }), null, null)).toEqual({ status: 'rejected', campaignId: null, reason: 'SELF_PARENT' });
  });

  it('should reject an empty or overlong parentPostId rather than wait for it forever', () => {
    for (const parentPostId of ['', 'p'.repeat(201)]) {
      expect(decideSpread('repost', inbound({ postId: 'x', parentPostId }), null, null)).toMatchObject({ status: 'rejected', reason: 'MISSING_PARENT_POST_ID' });
    }
  });

  it('should count a verified post whose id is held only by a repost still waiting for it', () => {
    const holder = spread('pending_parent', { kind: 'repost', postRef: 'wb-1', depth: null });
    expect(decideSpread('post', inbound({ postId: 'wb-1' }), null, holder, accepted)).toMatchObject({ status: 'counted', depth: 0 });
  });
});


describe('placeOf and decideSpread for sign-ups placed by the referral mechanic', () => {
  const signup = (data: Record<string, unknown> = {}) => ({ ...inbound(data), type: 'signup' }) as InboundEventEntity;
  const referee: MechanicInputResult = { ...accepted, spread: { kind: 'referral', postRef: 'referral:n:B', parentRef: 'referral:n:A' } };

  it('should take the kind and post ids from the verdict, never from data', () => {
    expect(placeOf('post', signup({ postId: 'forged', parentPostId: 'x' }), referee)).toEqual({ kind: 'referral', postRef: 'referral:n:B', parentRef: 'referral:n:A' });
    expect(placeOf('post', signup({ postId: 'forged' }), null)).toEqual({ kind: 'post', postRef: null, parentRef: null });
  });

  it('should count a referee one level under its counted referrer', () => {
    const parent = spread('counted', { postRef: 'referral:n:A', depth: 1 });
    const place = placeOf('post', signup(), referee);
    expect(decideSpread(place.kind, signup(), parent, null, referee, place)).toEqual({ status: 'counted', campaignId: 'camp-1', depth: 2, parent });
  });

  it('should reject a sign-up no referral node judged as NOT_PLACED_BY_MECHANIC', () => {
    expect(decideSpread('post', signup(), null, null, null, placeOf('post', signup(), null))).toEqual({ status: 'rejected', campaignId: null, reason: 'NOT_PLACED_BY_MECHANIC' });
  });
});
