import { AwardRequest } from './award.types';
import { DEFAULT_HOLD_MS, planAward } from './award-request';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const base: AwardRequest = { workspaceId: A, campaignId: B, participantId: C, sourceKey: 'draw:1', kind: 'prize', poolId: A };

const codeOf = (req: AwardRequest): unknown => {
  try {
    planAward(req);
    return null;
  } catch (err) {
    return (err as { code?: string; details?: unknown }).code + ' ' + JSON.stringify((err as { details?: unknown }).details);
  }
};

describe('planAward', () => {
  it('should try the pool, then its fallbacks in order, each once', () => {
    expect(planAward({ ...base, fallbackPoolIds: [B, A, C, B] })).toEqual({ pools: [A, B, C], amountMinor: null, holdMs: DEFAULT_HOLD_MS });
  });

  it('should draw an award without a pool from the budget alone', () => {
    expect(planAward({ ...base, kind: 'bounty', poolId: undefined, amountMinor: 500, holdMs: 1000 })).toEqual({ pools: [], amountMinor: 500, holdMs: 1000 });
  });

  it.each<[string, Partial<AwardRequest>, string]>([
    ['a workspace id that is no uuid', { workspaceId: 'ws-1' }, 'workspaceId'],
    ['an empty source key', { sourceKey: '' }, 'sourceKey'],
    ['a source key too long', { sourceKey: 'k'.repeat(501) }, 'sourceKey'],
    ['an unknown kind', { kind: 'cash' as AwardRequest['kind'] }, 'kind'],
    ['a pool and an amount', { amountMinor: 10 }, 'amountMinor'],
    ['neither a pool nor an amount', { poolId: undefined }, 'amountMinor'],
    ['a fractional amount', { poolId: undefined, amountMinor: 1.5 }, 'amountMinor'],
    ['a negative amount', { poolId: undefined, amountMinor: -1 }, 'amountMinor'],
    ['an amount past 2^53', { poolId: undefined, amountMinor: 2 ** 53 }, 'amountMinor'],
    ['fallbacks without a pool', { poolId: undefined, amountMinor: 1, fallbackPoolIds: [A] }, 'fallbackPoolIds'],
    ['a fallback that is no uuid', { fallbackPoolIds: ['x'] }, 'fallbackPoolIds'],
    ['a zero hold', { holdMs: 0 }, 'holdMs'],
    ['an activity id that is no uuid', { activityId: 'act' }, 'activityId'],
  ])('should throw LEDGER.INVALID_AWARD for %s', (_, over, field) => {
    expect(codeOf({ ...base, ...over })).toBe(`LEDGER.INVALID_AWARD ${JSON.stringify({ field })}`);
  });
});
