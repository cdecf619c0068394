import { Channel } from '../channel/channel';
import { CHANNELS } from '../channel/channel';
import { effectiveWeights, kFactors, SPREAD_KINDS, spreadWeight } from './spread-weight';

describe('spreadWeight', () => {
  it('should weigh tie strength by channel when defaults apply', () => {
    // Act
    const byChannel = [Channel.Weibo, Channel.WeChat, Channel.QqZone, Channel.Forum].map((c) => spreadWeight('post', c, 0));
    // Assert
    expect(byChannel).toEqual([0.3, 1, 0.6, 0.6]);
  });

  it('should use the default base per kind when no override is given', () => {
    expect(spreadWeight('referral', Channel.WeChat, 0)).toBe(2);
    expect(spreadWeight('follow', Channel.WeChat, 0)).toBe(0.5);
    expect(spreadWeight('repost', Channel.Sandbox, 0)).toBe(1);
  });

  it('should decay by 0.8 per depth level when defaults apply', () => {
    expect([0, 1, 2, 3].map((d) => spreadWeight('repost', Channel.WeChat, d))).toEqual([1, 0.8, 0.64, 0.512]);
  });

  it('should combine base, tie and decay and round to six places when all apply', () => {
    // 1 × 0.3 × 0.8^5 = 0.098304; 2 × 0.6 × 0.8^7 = 0.25165824 → 0.251658
    expect(spreadWeight('repost', Channel.Weibo, 5)).toBe(0.098304);
    expect(spreadWeight('referral', Channel.Forum, 7)).toBe(0.251658);
  });

  it('should use per-campaign overrides when given and keep defaults for the rest', () => {
    // Arrange
    const weights = { base: { repost: 3 }, tie: { [Channel.Weibo]: 0.5 }, depthDecay: 0.5 };
    // Act / Assert
    expect(spreadWeight('repost', Channel.Weibo, 2, weights)).toBe(0.375); // 3 × 0.5 × 0.25
    expect(spreadWeight('post', Channel.WeChat, 1, weights)).toBe(0.5); // default base and tie, override decay
  });

  it('should honour a zero override rather than fall back to the default', () => {
    expect(spreadWeight('post', Channel.Weibo, 0, { tie: { [Channel.Weibo]: 0 } })).toBe(0);
    expect(spreadWeight('post', Channel.WeChat, 3, { depthDecay: 0 })).toBe(0);
  });
});

describe('effectiveWeights', () => {
  it('should list a weight for every kind and channel when there are no overrides', () => {
    const w = effectiveWeights();
    expect(Object.keys(w.base).sort()).toEqual([...SPREAD_KINDS].sort());
    expect(Object.keys(w.tie).sort()).toEqual([...CHANNELS].sort());
    expect(w).toMatchObject({ base: { post: 1, referral: 2, follow: 0.5 }, tie: { weibo: 0.3, qq_zone: 0.6 }, depthDecay: 0.8 });
  });

  it('should put the overrides over the defaults, zero included, and keep the rest', () => {
    const w = effectiveWeights({ base: { repost: 3 }, tie: { [Channel.Weibo]: 0 }, depthDecay: 0.5 });
    expect(w.base).toEqual({ post: 1, repost: 3, referral: 2, follow: 0.5 });
    expect(w.tie).toMatchObject({ weibo: 0, wechat: 1 });
    expect(w.depthDecay).toBe(0.5);
  });

  it('should agree with spreadWeight for every kind and channel when overrides apply', () => {
    const overrides = { base: { follow: 0.25 }, tie: { [Channel.Forum]: 0.9 }, depthDecay: 0.7 };
    const w = effectiveWeights(overrides);
    for (const kind of SPREAD_KINDS) {
      for (const channel of CHANNELS) {
        expect(spreadWeight(kind, channel, 2, overrides)).toBe(Math.round(w.base[kind] * w.tie[channel] * w.depthDecay ** 2 * 1e6) / 1e6);
      }
    }
  });
});

describe('kFactors', () => {
  it('should compute k per generation and overall as recruited over seeds', () => {
    // Arrange: 10 seeds recruit 5, who recruit 2
    const counts = new Map([
      [0, 10],
      [1, 5],
      [2, 2],
    ]);
    // Act
    const result = kFactors(counts);
    // Assert
    expect(result).toEqual({
      overall: 0.7,
      byGeneration: [
        { depth: 0, participants: 10, k: 0.5 },
        { depth: 1, participants: 5, k: 0.4 },
        { depth: 2, participants: 2, k: 0 },
      ],
    });
  });

  it('should round k to three places when the ratio is periodic', () => {
    const result = kFactors(new Map([[0, 3], [1, 2]]));
    expect(result.byGeneration[0].k).toBe(0.667);
    expect(result.overall).toBe(0.667);
  });

  it('should report a null k and zero participants for a gap generation', () => {
    const result = kFactors(new Map([[0, 4], [2, 2]]));
    expect(result.byGeneration).toEqual([
      { depth: 0, participants: 4, k: 0 },
      { depth: 1, participants: 0, k: null },
      { depth: 2, participants: 2, k: 0 },
    ]);
    expect(result.overall).toBe(0.5);
  });

  it('should report zero overall when there are no seeds', () => {
    expect(kFactors(new Map([[1, 3]])).overall).toBe(0);
  });

  it('should be empty with zero overall when the map is empty', () => {
    expect(kFactors(new Map())).toEqual({ overall: 0, byGeneration: [] });
  });

  it('should not depend on insertion order when depths arrive unsorted', () => {
    const a = kFactors(new Map([[2, 1], [0, 2], [1, 4]]));
    const b = kFactors(new Map([[0, 2], [1, 4], [2, 1]]));
    expect(a).toEqual(b);
    expect(a.overall).toBe(2.5);
  });
});
