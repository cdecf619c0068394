import { CodeErrors } from '@lib/domain';
import { CodeSnapshot, refusalOf } from './classify';

const now = new Date('2026-12-01T12:00:00Z');
const later = new Date('2026-12-01T12:10:00Z');
const earlier = new Date('2026-12-01T11:50:00Z');
const code = (over: Partial<CodeSnapshot> = {}): CodeSnapshot => ({ campaignId: 'c1', state: 'issued', holder: null, reservedBy: null, reservedUntil: null, expiresAt: null, ...over });

describe('refusalOf', () => {
  it.each<[string, CodeSnapshot | undefined, string | null]>([
    ['no such code', undefined, CodeErrors.UNKNOWN],
    ['a code of another campaign', code({ campaignId: 'c2' }), CodeErrors.UNKNOWN],
    ['a used code, even expired since', code({ state: 'redeemed', expiresAt: earlier }), CodeErrors.ALREADY_USED],
    ['an expired state', code({ state: 'expired' }), CodeErrors.EXPIRED],
    ['expiry at this very instant (end exclusive)', code({ expiresAt: now }), CodeErrors.EXPIRED],
    ["someone else's code", code({ state: 'allocated', holder: 'bob' }), CodeErrors.NOT_YOURS],
    ['a code someone else holds in reservation', code({ state: 'reserved', reservedBy: 'bob', reservedUntil: later }), CodeErrors.RESERVED],
    ['a lapsed reservation of someone else', code({ state: 'reserved', reservedBy: 'bob', reservedUntil: earlier }), null],
    ['my own reservation', code({ state: 'reserved', reservedBy: 'ann', reservedUntil: later }), null],
    ['my allocated code, expiring later', code({ state: 'allocated', holder: 'ann', expiresAt: later }), null],
  ])('%s', (_, row, expected) => {
    expect(refusalOf(row, 'c1', 'ann', now)).toBe(expected);
  });
});
