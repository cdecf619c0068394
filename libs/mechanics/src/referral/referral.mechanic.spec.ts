import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { LockKey, NodeContext, NodeEffect, NodeInputView, NodeReads } from '../node-mechanic.interface';
import { ReferralConfig } from './referral.config';
import { REFERRAL_CODE_REF, readReferralCode } from './referral-code';
import { ReferralMechanic, placeRef } from './referral.mechanic';

const config = plainToInstance(ReferralConfig, { linkTemplate: 'https://shop.example/r/{code}', prizePoolId: '00000000-0000-4000-8000-000000000001', maxRewardsPerReferrer: 2, maxReferralsPerDevice: 1 });
const ctx: NodeContext<ReferralConfig> = { config, campaign: { id: 'c', name: 'c', timezone: 'Asia/Shanghai' }, node: { id: 'n', name: 'n', channel: 'sandbox' }, now: new Date() };
const mechanic = new ReferralMechanic();
const H = (c: string) => c.repeat(64);

/** The node's records in memory, with the runtime's filter semantics; verdicts and refs applied as the runtime would. */
class Node implements NodeReads {
  stored: NodeInputView[] = [];
  refs = new Map<string, { nodeId: string; participantId: string; inputId: string }>();
  effects: NodeEffect[] = [];
  private seq = 0;

  async send(participantId: string, type: string, iso: string, data: Record<string, unknown> = {}): Promise<NodeInputView> {
    const id = `i${String(++this.seq).padStart(3, '0')}`;
    const input: NodeInputView = { id, eventId: `e-${id}`, type, participantId, occurredAt: new Date(iso), channel: null, ref: null, state: 'pending', accepted: null, reason: null, detail: {}, analysis: null, data };
    this.stored.push(input);
    const out = await mechanic.node.handleNodeInput(ctx, input, this);
    for (const v of out.verdicts) Object.assign(this.stored.find((s) => s.id === v.inputId)!, { state: v.state, accepted: v.accepted ?? null, reason: v.reason ?? null, detail: v.detail ?? {} });
    for (const e of out.effects) if (e.type === 'ref' && !this.refs.has(e.value)) this.refs.set(e.value, { nodeId: ctx.node.id, participantId: e.participantId, inputId: e.inputId });
    this.effects.push(...out.effects);
    return this.stored.find((s) => s.id === id)!;
  }

  codeOf(participantId: string): string {
    return [...this.refs].find(([, h]) => h.participantId === participantId)![0];
  }

  async inputs(f: Parameters<NodeReads['inputs']>[0]): Promise<NodeInputView[]> {
    return this.stored
      .filter((i) => !f.ids || f.ids.includes(i.id))
      .filter((i) => !f.types || f.types.includes(i.type))
      .filter((i) => !f.participantId || i.participantId === f.participantId)
      .filter((i) => !f.states || f.states.includes(i.state))
      .filter((i) => f.accepted === undefined || i.accepted === f.accepted)
      .filter((i) => !f.detail || Object.entries(f.detail).every(([k, v]) => i.detail[k] === v))
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id));
  }
  async refHolder(kind: string, value: string) {
    return kind === REFERRAL_CODE_REF ? (this.refs.get(value) ?? null) : null;
  }
  async entrants() {
    return [];
  }
  async standings() {
    return [];
  }
  async firstSeen(participantId: string): Promise<Date | null> {
    const mine = this.stored.filter((i) => i.participantId === participantId).map((i) => i.occurredAt.getTime());
    return mine.length ? new Date(Math.min(...mine)) : null;
  }
}

describe('ReferralMechanic sign-ups', () => {
  it('should place a seed at generation 0 with a readable code, its link and a cascade root', async () => {
    // Arrange
    const node = new Node();
    // Act
    const a = await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    // Assert
    expect(a).toMatchObject({ accepted: true, reason: null, detail: { role: 'seed', generation: 0, referrerId: null, spread: { kind: 'post', postRef: placeRef('n', 'A'), parentRef: null } } });
    const code = a.detail.code as string;
    expect(readReferralCode(code)).toEqual({ ok: true, code });
    expect(node.effects).toContainEqual(expect.objectContaining({ type: 'message', participantId: 'A', body: expect.objectContaining({ code, link: `https://shop.example/r/${code}` }) }));
  });

  it('should attribute three generations, each a referral under its referrer', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    const b = await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A') });
    const c = await node.send('C', 'signup', '2026-03-01T12:00:00Z', { referralCode: node.codeOf('B').toLowerCase() });
    expect(b.detail).toMatchObject({ role: 'referee', referrerId: 'A', generation: 1, spread: { kind: 'referral', parentRef: placeRef('n', 'A') } });
    expect(c.detail).toMatchObject({ role: 'referee', referrerId: 'B', generation: 2 });
  });

  it('should let the first touch by business time win over a later-timed one that arrived first', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    await node.send('Z', 'signup', '2026-03-01T10:00:00Z');
    const later = await node.send('B', 'signup', '2026-03-01T12:00:00Z', { referralCode: node.codeOf('Z') });
    const earlier = await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A') });
    expect(earlier).toMatchObject({ accepted: true, detail: { referrerId: 'A' } });
    expect(node.stored.find((s) => s.id === later.id)).toMatchObject({ accepted: false, reason: 'NOT_FIRST_TOUCH' });
  });

  it('should refuse a self-referral by device as SELF_REFERRAL and still seat the person as a seed', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z', { deviceHash: H('a') });
    const b = await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A'), deviceHash: H('A') });
    expect(b).toMatchObject({ accepted: true, reason: 'SELF_REFERRAL', detail: { role: 'seed', referrerId: null, refusalDetail: 'same device' } });
  });

  it('should refuse REFERRAL_CYCLE when a late earlier sign-up would put a referrer under their own referee', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A') });
    const late = await node.send('A', 'signup', '2026-03-01T09:00:00Z', { referralCode: node.codeOf('B') });
    expect(late).toMatchObject({ accepted: true, reason: 'REFERRAL_CYCLE', detail: { role: 'seed', referrerId: null } });
  });

  it('should refuse DEVICE_LIMIT_REACHED past the per-device cap and MALFORMED_HASH for a raw value', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    const b = await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A'), deviceHash: H('e') });
    const c = await node.send('C', 'signup', '2026-03-01T12:00:00Z', { referralCode: node.codeOf('A'), deviceHash: H('e') });
    const d = await node.send('D', 'signup', '2026-03-01T12:00:00Z', { referralCode: node.codeOf('A'), contactHash: '+8613800000000' });
    expect([b.reason, c.reason, d.reason]).toEqual([null, 'DEVICE_LIMIT_REACHED', 'MALFORMED_HASH']);
  });

  it('should never exceed the per-device cap, even when a later sign-up is judged first', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    const late = await node.send('B', 'signup', '2026-03-01T12:00:00Z', { referralCode: node.codeOf('A'), deviceHash: H('e') });
    const early = await node.send('C', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A'), deviceHash: H('e') });
    expect([late.reason, early.reason]).toEqual([null, 'DEVICE_LIMIT_REACHED']);
  });

  it('should refuse NOT_A_NEW_PARTICIPANT when the code comes after the window from the first event', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    await node.send('B', 'purchase', '2026-02-01T10:00:00Z');
    const b = await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A') });
    expect(b.reason).toBe('NOT_A_NEW_PARTICIPANT');
  });
});

describe('ReferralMechanic rewards', () => {
  it('should award the referrer once per referee after the first qualifying purchase, within the per-referrer cap', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    for (const p of ['B', 'C', 'D']) await node.send(p, 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A') });
    const before = await node.send('B', 'purchase', '2026-03-01T10:30:00Z');
    const first = await node.send('B', 'purchase', '2026-03-02T10:00:00Z');
    const second = await node.send('B', 'purchase', '2026-03-03T10:00:00Z');
    const c = await node.send('C', 'purchase', '2026-03-02T10:00:00Z');
    const d = await node.send('D', 'purchase', '2026-03-02T10:00:00Z');
    const seed = await node.send('A', 'purchase', '2026-03-02T10:00:00Z');
    expect([before, first, second, c, d, seed].map((i) => i.reason)).toEqual(['BEFORE_ATTRIBUTION', null, 'ALREADY_REWARDED', null, 'REFERRER_REWARD_LIMIT', 'NOT_A_REFEREE']);
    const awards = node.effects.filter((e) => e.type === 'award');
    expect(awards.map((e) => e.type === 'award' && [e.participantId, e.sourceKey])).toEqual([
      ['A', 'referral:n:A:B'],
      ['A', 'referral:n:A:C'],
    ]);
  });

  it('should judge again a purchase that arrived before its referee was placed', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    const early = await node.send('B', 'purchase', '2026-03-01T12:00:00Z');
    expect(early.reason).toBe('NOT_A_REFEREE');
    await node.send('B', 'signup', '2026-03-01T11:00:00Z', { referralCode: node.codeOf('A') });
    expect(node.effects).toContainEqual({ type: 'rejudge', inputIds: [early.id] });
  });
});

describe('ReferralMechanic lock keys', () => {
  const view = (participantId: string, type: string, data: Record<string, unknown> = {}): NodeInputView => ({
    id: `${participantId}-${type}`, eventId: 'e', type, participantId, occurredAt: new Date(), channel: null, ref: null, state: 'pending', accepted: null, reason: null, detail: {}, analysis: null, data,
  });
  // Two inputs wait for each other when they hold a key in common and one holds it exclusively.
  const keys = (v: NodeInputView) => (mechanic.node.lockKey(v, ctx) as LockKey[]).map((k) => (typeof k === 'string' ? { key: k, shared: false } : k));
  const share = (a: NodeInputView, b: NodeInputView) => keys(a).some((x) => keys(b).some((y) => x.key === y.key && !(x.shared && y.shared)));

  it('should make two people naming each other\'s code wait for each other (a loop of two is always seen)', async () => {
    const node = new Node();
    await node.send('A', 'signup', '2026-03-01T10:00:00Z');
    await node.send('B', 'signup', '2026-03-01T10:00:00Z');
    expect(share(view('A', 'signup', { referralCode: node.codeOf('B') }), view('B', 'signup', { referralCode: node.codeOf('A') }))).toBe(true);
  });

  it('should serialise sign-ups on one device, and a person\'s purchases with their sign-up, but not unrelated sign-ups', () => {
    expect(share(view('A', 'signup', { deviceHash: H('e') }), view('B', 'signup', { deviceHash: H('E') }))).toBe(true);
    expect(share(view('A', 'purchase'), view('A', 'signup'))).toBe(true);
    expect(share(view('A', 'purchase'), view('B', 'purchase'))).toBe(true);
    expect(share(view('A', 'signup', { deviceHash: H('e') }), view('B', 'signup', { deviceHash: H('f') }))).toBe(false);
  });

  it('should not make two referees of one referrer wait for each other', async () => {
    const node = new Node();
    await node.send('R', 'signup', '2026-03-01T10:00:00Z');
    expect(share(view('A', 'signup', { referralCode: node.codeOf('R') }), view('B', 'signup', { referralCode: node.codeOf('R') }))).toBe(false);
    expect(share(view('A', 'signup', { referralCode: node.codeOf('R') }), view('R', 'signup'))).toBe(true);
  });
});
