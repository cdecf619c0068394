import { achievementMs, decodeMember, encodeMember, fromMicro, toMicro } from './board-member';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const t = (iso: string) => achievementMs(new Date(iso));

describe('board members', () => {
  it('should decode what it encodes when given a participant and a time', () => {
    const member = encodeMember(B, t('2026-03-03T02:15:00.123Z'));
    expect(decodeMember(member)).toEqual({ participantId: B, achievedAt: new Date('2026-03-03T02:15:00.123Z') });
  });

  it('should sort the earlier achievement higher when members compare as strings', () => {
    // ZREVRANGE returns ties in descending member order: the first one wins.
    const early = encodeMember(B, t('2026-03-03T02:00:00Z'));
    const late = encodeMember(A, t('2026-03-03T02:00:01Z'));
    expect([late, early].sort().reverse()).toEqual([early, late]);
  });

  it('should sort the smaller participant id higher when achievements are equal', () => {
    const at = t('2026-03-03T02:00:00Z');
    const members = [B, A].map((id) => encodeMember(id, at)).sort().reverse();
    expect(members.map((m) => decodeMember(m).participantId)).toEqual([A, B]);
  });

  it('should keep a fixed width when times differ in magnitude', () => {
    expect(encodeMember(A, 0)).toHaveLength(encodeMember(A, t('2026-03-03T02:00:00Z')).length);
    expect(achievementMs(new Date(-5))).toBe(0);
  });

  it('should refuse a participant id that is not a uuid', () => {
    expect(() => encodeMember('buyer-1', 0)).toThrow('not a uuid');
  });

  it('should turn six-decimal weights into exact integers and back when summed', () => {
    const weights = [0.098304, 0.251658, 0.3, 0.8, 0.512];
    const micro = weights.map(toMicro);
    expect(micro).toEqual([98304, 251658, 300000, 800000, 512000]);
    expect(fromMicro(micro.reduce((s, m) => s + m, 0))).toBe(1.961962);
  });
});
