import { Prng } from './prng';
import { Sent } from './ingest-model';
import { arrange } from './driver';
import { bodyOf, otherSpelling, spell } from './render';
import { Fact, Scenario } from './scenario';

const none = new Map<string, string>();

/** Resends of some good lines: the same body, or the same instant in another zone spelling. */
function resends(r: Prng, facts: Fact[], good: Sent[], ids: ReadonlyMap<string, string>) {
  return facts.flatMap((f, i) => (r.chance(0.06) ? [{ of: good[i], line: { body: bodyOf(f, ids, r.chance(0.5) ? f.spelling : otherSpelling(f.spelling)) } }] : []));
}

/** Lines each making one contract mistake, with the verdict the contract gives it. */
function malformed(s: Scenario): Sent[] {
  const hourAgo = s.now.minus({ hours: 1 });
  const purchase = (key: string, extra: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
    type: 'purchase',
    participantId: 'buyer-0',
    occurredAt: hourAgo.toISO()!,
    idempotencyKey: key,
    data: { orderId: `bad-${key}`, amount: 10, currency: 'CNY', ...data },
    ...extra,
  });
  const { idempotencyKey: _dropped, ...keyless } = purchase('keyless');
  return [
    { body: keyless, invalid: { reason: 'INVALID_EVENT', field: 'idempotencyKey' } },
    { body: purchase('bad-currency', {}, { currency: 'RMB' }), invalid: { reason: 'INVALID_EVENT_DATA', field: 'data.currency' } },
    { body: purchase('refund-1', { type: 'refund' }), invalid: { reason: 'UNKNOWN_EVENT_TYPE', field: 'type' } },
    { body: purchase('zoneless', { occurredAt: spell(hourAgo, { zone: 'UTC', ms: false }).replace('Z', '') }), invalid: { reason: 'INVALID_EVENT', field: 'occurredAt' } },
    { body: [purchase('in-an-array')], invalid: { reason: 'INVALID_EVENT', field: 'event' } },
    { body: purchase('future', { occurredAt: s.now.plus({ hours: 1 }).toISO()! }), invalid: { reason: 'OCCURRED_AT_IN_FUTURE', field: 'occurredAt' } },
    { body: purchase('stray-field', { amount: 10 }), invalid: { reason: 'INVALID_EVENT', field: 'amount' } },
    { body: purchase('   '), invalid: { reason: 'INVALID_EVENT', field: 'idempotencyKey' } },
    { body: purchase('contact-data', { participantId: 'buyer 0@example.com' }), invalid: { reason: 'INVALID_EVENT', field: 'participantId' } },
    { body: 'not an event', invalid: { reason: 'INVALID_EVENT', field: 'event' } },
    { body: purchase('feb-30', { occurredAt: '2026-02-30T10:00:00+08:00' }), invalid: { reason: 'INVALID_EVENT', field: 'occurredAt' } },
    { body: purchase('negative', {}, { amount: -1 }), invalid: { reason: 'INVALID_EVENT_DATA', field: 'data.amount' } },
    { body: purchase('zero-quantity', {}, { quantity: 0 }), invalid: { reason: 'INVALID_EVENT_DATA', field: 'data.quantity' } },
    { body: purchase('no-order', {}, { orderId: undefined }), invalid: { reason: 'INVALID_EVENT_DATA', field: 'data.orderId' } },
    { body: { ...purchase('bad-invitation', { type: 'post' }), data: { postId: 'wb-x', invitationId: 'not-a-uuid' } }, invalid: { reason: 'INVALID_EVENT_DATA', field: 'data.invitationId' } },
    { body: { ...purchase('orphan-repost', { type: 'repost' }), data: { postId: 'rp-x' } }, invalid: { reason: 'INVALID_EVENT_DATA', field: 'data.parentPostId' } },
  ];
}

/** Purchases, early posts (found by topic), reposts and follows, mistakes, resends and one reused key, shuffled. */
export function firstPhase(r: Prng, s: Scenario): Sent[] {
  const facts: Fact[] = [...s.purchases, ...s.posts.filter((x) => x.early), ...s.reposts.filter((x) => x.early), ...s.follows.filter((x) => x.early)];
  const good = facts.map((f) => ({ body: bodyOf(f, none) }));
  const extra = resends(r, facts, good, none);
  const reusedOf = s.purchases[3];
  const reused = { body: bodyOf({ ...reusedOf, amount: reusedOf.amount + 1 }, none) };
  extra.push({ of: good[3], line: reused });
  return arrange(r, [...good, ...malformed(s)], extra);
}

/** Posts (answering invitations or found by topic), the other reposts and follows, resends. */
export function secondPhase(r: Prng, s: Scenario, ids: ReadonlyMap<string, string>): Sent[] {
  const facts: Fact[] = [...s.posts.filter((x) => !x.early), ...s.reposts.filter((x) => !x.early), ...s.follows.filter((x) => !x.early)];
  const good = facts.map((f) => ({ body: bodyOf(f, ids) }));
  return arrange(r, good, resends(r, facts, good, ids));
}
