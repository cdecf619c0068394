import { AttributionFacts, Placement, attribute, readHash, rewardFor } from './referral-rules';

const at = (iso: string) => new Date(iso);
const H = (c: string) => c.repeat(64);
const referrer: Placement = { participantId: 'r', referrerId: null, generation: 0, deviceHash: H('a'), contactHash: H('b'), occurredAt: at('2026-03-01T00:00:00Z') };
const facts = (over: Partial<AttributionFacts> = {}, referee: Partial<AttributionFacts['referee']> = {}): AttributionFacts => ({
  referee: { participantId: 'p', occurredAt: at('2026-03-02T00:00:00Z'), firstSeenAt: at('2026-03-02T00:00:00Z'), deviceHash: H('c'), contactHash: H('d'), ...referee },
  referrer,
  referrerAncestry: ['r'],
  sameDevice: 0,
  sameContact: 0,
  windowHours: 24,
  maxPerDevice: 2,
  maxPerContact: 1,
  ...over,
});

describe('attribute', () => {
  it('should make the person the referee one generation below the referrer when every rule passes', () => {
    expect(attribute(facts({ referrer: { ...referrer, generation: 2 } }))).toEqual({ ok: true, referrerId: 'r', generation: 3 });
  });

  it('should refuse UNKNOWN_REFERRAL_CODE when the code has no holder in the node', () => {
    expect(attribute(facts({ referrer: null }))).toEqual({ ok: false, reason: 'UNKNOWN_REFERRAL_CODE' });
  });

  it('should refuse NOT_A_NEW_PARTICIPANT at the window end (exclusive) and accept just before it', () => {
    const first = { firstSeenAt: at('2026-03-01T00:00:00Z') };
    expect(attribute(facts({}, { ...first, occurredAt: at('2026-03-02T00:00:00Z') })).ok).toBe(false);
    expect(attribute(facts({}, { ...first, occurredAt: at('2026-03-01T23:59:59.999Z') })).ok).toBe(true);
  });

  it('should refuse SELF_REFERRAL for the same participant, device or contact', () => {
    expect(attribute(facts({ referrer: { ...referrer, participantId: 'p' } }))).toMatchObject({ reason: 'SELF_REFERRAL', detail: 'same participant' });
    expect(attribute(facts({}, { deviceHash: H('a') }))).toMatchObject({ reason: 'SELF_REFERRAL', detail: 'same device' });
    expect(attribute(facts({}, { contactHash: H('b') }))).toMatchObject({ reason: 'SELF_REFERRAL', detail: 'same contact' });
  });

  it('should refuse REFERRAL_CYCLE when the referee is one of the referrer\'s referrers', () => {
    expect(attribute(facts({ referrerAncestry: ['r', 'q', 'p'] }))).toEqual({ ok: false, reason: 'REFERRAL_CYCLE' });
  });

  it('should refuse DEVICE_LIMIT_REACHED and CONTACT_LIMIT_REACHED at the caps, not below', () => {
    expect(attribute(facts({ sameDevice: 1 })).ok).toBe(true);
    expect(attribute(facts({ sameDevice: 2 }))).toEqual({ ok: false, reason: 'DEVICE_LIMIT_REACHED' });
    expect(attribute(facts({ sameContact: 1 }))).toEqual({ ok: false, reason: 'CONTACT_LIMIT_REACHED' });
  });

  it('should not apply a cap to a referee without that hash', () => {
    expect(attribute(facts({ sameDevice: 9, sameContact: 9 }, { deviceHash: null, contactHash: null })).ok).toBe(true);
  });
});

describe('readHash', () => {
  it('should accept hex of hash length, lower-cased, and absence as null', () => {
    expect(readHash('AB'.repeat(16))).toEqual({ ok: true, hash: 'ab'.repeat(16) });
    expect(readHash(undefined)).toEqual({ ok: true, hash: null });
  });

  it('should refuse raw values and non-hex', () => {
    for (const v of ['+8613800000000', 'someone@example.com', 'z'.repeat(64), 'a'.repeat(31), 'a'.repeat(129), 42]) expect(readHash(v).ok).toBe(false);
  });
});

describe('rewardFor', () => {
  const placement: Placement = { ...referrer, participantId: 'p', referrerId: 'r', generation: 1, occurredAt: at('2026-03-02T00:00:00Z') };
  const base = { placement, actionAt: at('2026-03-03T00:00:00Z'), alreadyRewarded: false, referrerRewards: 0, maxPerReferrer: 2 };

  it('should reward the referrer for a referee\'s first qualifying action after attribution', () => {
    expect(rewardFor(base)).toEqual({ ok: true, referrerId: 'r' });
  });

  it('should refuse a seed, an action before attribution, a second reward and one over the cap', () => {
    expect(rewardFor({ ...base, placement: { ...placement, referrerId: null } })).toEqual({ ok: false, reason: 'NOT_A_REFEREE' });
    expect(rewardFor({ ...base, placement: null })).toEqual({ ok: false, reason: 'NOT_A_REFEREE' });
    expect(rewardFor({ ...base, actionAt: at('2026-03-01T23:00:00Z') })).toEqual({ ok: false, reason: 'BEFORE_ATTRIBUTION' });
    expect(rewardFor({ ...base, alreadyRewarded: true })).toEqual({ ok: false, reason: 'ALREADY_REWARDED' });
    expect(rewardFor({ ...base, referrerRewards: 2 })).toEqual({ ok: false, reason: 'REFERRER_REWARD_LIMIT' });
  });
});
