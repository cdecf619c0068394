/**
 * The referral rules as pure functions over plain values (README-level doc in
 * docs/ARCHITECTURE.md "Referrals"). The mechanic reads the node's records and calls these;
 * they never touch storage, so every rule is tested without Postgres.
 */

/** Stable reason codes of refused attributions (explain per event, outcomes by reason). */
export const ATTRIBUTION_REFUSALS = [
  'MALFORMED_REFERRAL_CODE',
  'UNKNOWN_REFERRAL_CODE',
  'MALFORMED_HASH',
  'NOT_A_NEW_PARTICIPANT',
  'SELF_REFERRAL',
  'REFERRAL_CYCLE',
  'DEVICE_LIMIT_REACHED',
  'CONTACT_LIMIT_REACHED',
] as const;
export type AttributionRefusal = (typeof ATTRIBUTION_REFUSALS)[number];

/** Stable reason codes of qualifying actions that earn no reward. */
export type RewardRefusal = 'NOT_A_REFEREE' | 'BEFORE_ATTRIBUTION' | 'ALREADY_REWARDED' | 'REFERRER_REWARD_LIMIT';

/** Hashes only, never raw PII: hex of 32–128 digits (MD5 to SHA-512 sizes), compared lower-case. */
const HASH = /^[0-9a-f]{32,128}$/i;

export type HashReading = { ok: true; hash: string | null } | { ok: false };

/** An absent hash is null; anything else must be hex of a hash's length. */
export function readHash(value: unknown): HashReading {
  if (value === undefined || value === null) return { ok: true, hash: null };
  return typeof value === 'string' && HASH.test(value) ? { ok: true, hash: value.toLowerCase() } : { ok: false };
}

/** A person's place in the node's referral tree. */
export interface Placement {
  participantId: string;
  /** null for a seed (arrived without a code, or with one that was refused). */
  referrerId: string | null;
  generation: number;
  deviceHash: string | null;
  contactHash: string | null;
  occurredAt: Date;
}

export interface AttributionFacts {
  referee: { participantId: string; occurredAt: Date; firstSeenAt: Date; deviceHash: string | null; contactHash: string | null };
  /** The place of the code's holder in this node (null: no such code here). */
  referrer: Placement | null;
  /** The referrer and their referrers up to the seed (participant ids). */
  referrerAncestry: readonly string[];
  /** Other referees already attributed in the node on the same device / contact hash. */
  sameDevice: number;
  sameContact: number;
  windowHours: number;
  maxPerDevice: number;
  maxPerContact: number;
}

export type Attribution = { ok: true; referrerId: string; generation: number } | { ok: false; reason: AttributionRefusal; detail?: string };

/**
 * Whether a sign-up naming a code makes the person the code holder's referee. Checked in this
 * order (the first failing rule is the reason): the code is known in this node; the person is
 * new (the sign-up within the window after their first event in the workspace); not the
 * referrer (same person, same device or contact hash); no loop (the referee is not one of the
 * referrer's referrers); under the device and contact caps.
 */
export function attribute(f: AttributionFacts): Attribution {
  const { referee, referrer } = f;
  if (!referrer) return { ok: false, reason: 'UNKNOWN_REFERRAL_CODE' };
  if (referee.occurredAt.getTime() - referee.firstSeenAt.getTime() >= f.windowHours * 3_600_000) return { ok: false, reason: 'NOT_A_NEW_PARTICIPANT' };
  if (referrer.participantId === referee.participantId) return { ok: false, reason: 'SELF_REFERRAL', detail: 'same participant' };
  if (referee.deviceHash !== null && referee.deviceHash === referrer.deviceHash) return { ok: false, reason: 'SELF_REFERRAL', detail: 'same device' };
  if (referee.contactHash !== null && referee.contactHash === referrer.contactHash) return { ok: false, reason: 'SELF_REFERRAL', detail: 'same contact' };
  if (f.referrerAncestry.includes(referee.participantId)) return { ok: false, reason: 'REFERRAL_CYCLE' };
  if (referee.deviceHash !== null && f.sameDevice >= f.maxPerDevice) return { ok: false, reason: 'DEVICE_LIMIT_REACHED' };
  if (referee.contactHash !== null && f.sameContact >= f.maxPerContact) return { ok: false, reason: 'CONTACT_LIMIT_REACHED' };
  return { ok: true, referrerId: referrer.participantId, generation: referrer.generation + 1 };
}

export interface RewardFacts {
  /** The acting person's place (null: not in this node's tree). */
  placement: Placement | null;
  actionAt: Date;
  /** A qualifying action of this referee already earned the referrer's reward. */
  alreadyRewarded: boolean;
  /** Rewards the referrer already earned in this node. */
  referrerRewards: number;
  maxPerReferrer: number;
}

export type RewardDecision = { ok: true; referrerId: string } | { ok: false; reason: RewardRefusal };

/** A referee's first qualifying action at or after their attribution earns their referrer one reward, within the cap. */
export function rewardFor(f: RewardFacts): RewardDecision {
  const p = f.placement;
  if (!p || p.referrerId === null) return { ok: false, reason: 'NOT_A_REFEREE' };
  if (f.actionAt < p.occurredAt) return { ok: false, reason: 'BEFORE_ATTRIBUTION' };
  if (f.alreadyRewarded) return { ok: false, reason: 'ALREADY_REWARDED' };
  if (f.referrerRewards >= f.maxPerReferrer) return { ok: false, reason: 'REFERRER_REWARD_LIMIT' };
  return { ok: true, referrerId: p.referrerId };
}

/** Business-time order of inputs: occurredAt, then id (a fixed tie-break, never arrival order). */
export function byBusinessTime<T extends { occurredAt: Date; id: string }>(a: T, b: T): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
