import { DateTime, FixedOffsetZone } from 'luxon';
import { Fact, Spelling } from './scenario';

/** Writes an instant in a spelling: +08:00, Z or -05:00, with or without milliseconds. */
export function spell(at: DateTime, s: Spelling): string {
  const zone = s.zone === 'UTC-5' ? FixedOffsetZone.instance(-300) : s.zone;
  // Milliseconds can be left out only when there are none.
  return at.setZone(zone).toISO({ suppressMilliseconds: !s.ms && at.millisecond === 0 })!;
}

export function otherSpelling(s: Spelling): Spelling {
  return { zone: s.zone === 'UTC' ? 'Asia/Shanghai' : s.zone === 'Asia/Shanghai' ? 'UTC-5' : 'UTC', ms: !s.ms };
}

/** The ingest body of a fact; activityIds maps a purchase key to its activity (the invitation id). */
export function bodyOf(f: Fact, activityIds: ReadonlyMap<string, string>, spelling: Spelling = f.spelling): Record<string, unknown> {
  const envelope: Record<string, unknown> = { type: f.kind, participantId: f.actor, occurredAt: spell(f.at, spelling), idempotencyKey: f.key };
  if (f.channel) envelope.channel = f.channel;
  if (f.kind === 'purchase') return { ...envelope, data: { orderId: f.orderId, amount: f.amount, currency: 'CNY' } };
  if (f.kind === 'repost') return { ...envelope, data: { parentPostId: f.parentPostId, postId: f.postId } };
  if (f.kind === 'follow') return { ...envelope, data: {} };
  const data: Record<string, unknown> = { postId: f.postId };
  if (f.invitationOf) data.invitationId = activityIds.get(f.invitationOf);
  if (f.text !== undefined) data.text = f.text;
  if (f.topics) data.topics = f.topics;
  return { ...envelope, data };
}
