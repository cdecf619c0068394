import { LockKey, NodeContext, NodeInputView, NodeReads } from '../node-mechanic.interface';
import { ReferralConfig } from './referral.config';
import { REFERRAL_CODE_REF, readReferralCode, referralCode } from './referral-code';
import { Attribution, Placement, attribute, readHash } from './referral-rules';

export const SIGNUP = 'signup';
/** Referral chains are short in practice; the walk up stops here whatever the data says. */
const MAX_ANCESTRY = 1000;

export interface PlacementView extends Placement {
  inputId: string;
  code: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * What an input waits for before it is judged. A sign-up: the person (their first touch) and
 * their own code exclusively, the code they name shared (the referrer's place is read: a
 * referrer re-placed meanwhile waits, the referrer's other referees do not), and each hash
 * exclusively (the caps count exactly). Loops of two or three re-placements are thus always
 * judged one after the other. A qualifying action: the person (their place) and the node's
 * rewards (the per-referrer cap).
 */
export function lockKeys(ctx: NodeContext<ReferralConfig>, input: NodeInputView): LockKey[] {
  if (input.type !== SIGNUP) return [`person:${input.participantId}`, 'rewards'];
  const keys: LockKey[] = [`person:${input.participantId}`, `code:${referralCode(ctx.node.id, input.participantId)}`];
  const named = readReferralCode(input.data.referralCode);
  if (named.ok) keys.push({ key: `code:${named.code}`, shared: true });
  for (const field of ['deviceHash', 'contactHash'] as const) {
    const hash = readHash(input.data[field]);
    if (hash.ok && hash.hash) keys.push(`${field}:${hash.hash}`);
  }
  return keys;
}

/** A person's place, from the verdict detail of their placing sign-up. */
export function placementFrom(input: NodeInputView): PlacementView | null {
  const d = input.detail;
  if (input.accepted !== true || (d.role !== 'seed' && d.role !== 'referee')) return null;
  return {
    inputId: input.id,
    participantId: input.participantId,
    referrerId: str(d.referrerId),
    generation: typeof d.generation === 'number' ? d.generation : 0,
    deviceHash: str(d.deviceHash),
    contactHash: str(d.contactHash),
    occurredAt: input.occurredAt,
    code: str(d.code) ?? '',
  };
}

/**
 * The node's referral tree as the rules need it, read through NodeReads with targeted
 * queries (a person's place, the referrer's ancestry, referees on one device), never the
 * whole tree. Runs under the input's lock keys (`lockKeys`), so what it reads does not move meanwhile.
 */
export class ReferralTree {
  hashes: { deviceHash: string | null; contactHash: string | null } = { deviceHash: null, contactHash: null };

  constructor(
    private readonly ctx: NodeContext<ReferralConfig>,
    private readonly reads: NodeReads,
  ) {}

  async placementOf(participantId: string): Promise<PlacementView | null> {
    const placed = await this.reads.inputs({ participantId, types: [SIGNUP], states: ['judged'], accepted: true });
    return placed.map(placementFrom).find((p): p is PlacementView => p !== null) ?? null;
  }

  /** The attribution of a first sign-up: a referee's, or the refusal that leaves the person a seed. */
  async decide(input: NodeInputView): Promise<Attribution | { ok: false; reason: null; detail?: string }> {
    const device = readHash(input.data.deviceHash);
    const contact = readHash(input.data.contactHash);
    this.hashes = { deviceHash: device.ok ? device.hash : null, contactHash: contact.ok ? contact.hash : null };
    if (input.data.referralCode === undefined) return { ok: false, reason: null };
    const code = readReferralCode(input.data.referralCode);
    if (!code.ok) return { ok: false, reason: 'MALFORMED_REFERRAL_CODE', detail: code.reason };
    if (!device.ok || !contact.ok) return { ok: false, reason: 'MALFORMED_HASH', detail: device.ok ? 'contactHash' : 'deviceHash' };
    const holder = await this.reads.refHolder(REFERRAL_CODE_REF, code.code);
    const referrer = holder && holder.nodeId === this.ctx.node.id ? await this.placementOf(holder.participantId) : null;
    const { deviceHash, contactHash } = this.hashes;
    return attribute({
      referee: { participantId: input.participantId, occurredAt: input.occurredAt, firstSeenAt: (await this.reads.firstSeen(input.participantId)) ?? input.occurredAt, deviceHash, contactHash },
      referrer,
      referrerAncestry: referrer ? await this.ancestry(referrer) : [],
      sameDevice: deviceHash ? await this.attributedWith(input, { deviceHash }) : 0,
      sameContact: contactHash ? await this.attributedWith(input, { contactHash }) : 0,
      windowHours: this.ctx.config.attributionWindowHours,
      maxPerDevice: this.ctx.config.maxReferralsPerDevice,
      maxPerContact: this.ctx.config.maxReferralsPerContact,
    });
  }

  /** The referrer and everyone above them, up to their seed. */
  private async ancestry(referrer: PlacementView): Promise<string[]> {
    const line = [referrer.participantId];
    let at: PlacementView | null = referrer;
    while (at?.referrerId && line.length < MAX_ANCESTRY && !line.includes(at.referrerId)) {
      line.push(at.referrerId);
      at = await this.placementOf(at.referrerId);
    }
    return line;
  }

  /**
   * Other people already attributed as referees in this node with the same hash. Whatever their
   * business time: the cap is never exceeded, whichever sign-up is judged first.
   */
  private async attributedWith(input: NodeInputView, hash: { deviceHash: string } | { contactHash: string }): Promise<number> {
    const same = await this.reads.inputs({ types: [SIGNUP], states: ['judged'], accepted: true, detail: { role: 'referee', ...hash } });
    return same.filter((i) => i.participantId !== input.participantId).length;
  }
}
