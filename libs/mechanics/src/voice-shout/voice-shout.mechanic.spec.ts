import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { NodeContext, NodeInputView, NodeReads, NodeVerdict } from '../node-mechanic.interface';
import { VoiceShoutConfig } from './voice-shout.config';
import { VoiceShoutMechanic } from './voice-shout.mechanic';

const config = plainToInstance(VoiceShoutConfig, { opensAt: '2026-03-01T00:00:00Z', closesAt: '2026-03-05T00:00:00Z', winners: 2 });
const ctx: NodeContext<VoiceShoutConfig> = {
  config,
  campaign: { id: 'c', name: 'c', timezone: 'Asia/Shanghai' },
  node: { id: 'n', name: 'n', channel: 'sandbox' },
  now: new Date('2026-03-02T00:00:00Z'),
};
// Fingerprints that match each other exactly: "the same recording".
const FP = 'fp-same';
const measured = (lufs: number, fingerprint: string) => ({ ok: true, integratedLufs: lufs, truePeakDbtp: -1, samplePeakDbfs: -1.2, durationSec: 3, sampleRate: 16000, channels: 1, clippedShare: 0, fingerprint });
const clip = (id: string, who: string, at: string, lufs: number, fingerprint = `fp-${id}`): NodeInputView => ({
  id, eventId: `e-${id}`, type: 'voice_entry', participantId: who, occurredAt: new Date(at), channel: null, ref: null,
  state: 'pending', accepted: null, reason: null, detail: {}, analysis: measured(lufs, fingerprint), data: {},
});

/** Our own read port, faked: the node's stored inputs. */
function reads(stored: NodeInputView[]): NodeReads {
  return {
    inputs: async (f) => stored.filter((i) => (!f.states || f.states.includes(i.state)) && (f.accepted === undefined || i.accepted === f.accepted)),
    refHolder: async () => null,
    entrants: async () => [],
    standings: async () => [],
    firstSeen: async () => null,
  };
}
const apply = (stored: NodeInputView[], verdicts: NodeVerdict[]) =>
  verdicts.forEach((v) => Object.assign(stored.find((s) => s.id === v.inputId)!, { state: v.state, accepted: v.accepted ?? null, reason: v.reason ?? null }));

jest.mock('@lib/audio', () => {
  const actual = jest.requireActual('@lib/audio');
  // Exact fingerprints stand in for the acoustic matcher: equal strings are the same recording.
  return { ...actual, judgeClip: (a: { fingerprint?: string }, rules: unknown, c: { entriesSoFar: number; earlier: { entryId: string; fingerprint: string }[] }) => {
    const dup = c.earlier.find((e) => e.fingerprint === a.fingerprint);
    if (dup) return { verdict: 'rejected', reason: 'DUPLICATE', message: 'the same recording', duplicateOf: dup.entryId };
    return actual.judgeClip(a, rules, c);
  } };
});

describe('VoiceShoutMechanic', () => {
  const mechanic = new VoiceShoutMechanic();

  it('should keep the earlier clip as the original whatever order the copies are judged in', async () => {
    for (const order of [['orig', 'copy'], ['copy', 'orig']]) {
      const stored = [clip('orig', 'alice', '2026-03-02T10:00:00Z', -12, FP), clip('copy', 'bob', '2026-03-02T11:00:00Z', -11, FP)];
      for (const id of order) {
        const input = stored.find((s) => s.id === id)!;
        apply(stored, (await mechanic.node!.handleNodeInput(ctx, input, reads(stored))).verdicts);
      }
      expect(stored.map((s) => [s.id, s.accepted, s.reason])).toEqual([
        ['orig', true, null],
        ['copy', false, 'DUPLICATE'],
      ]);
    }
  });

  it('should rank a person by their loudest accepted clip, in milli-LU', async () => {
    const stored = [clip('a1', 'alice', '2026-03-02T10:00:00Z', -14)];
    apply(stored, (await mechanic.node!.handleNodeInput(ctx, stored[0], reads(stored))).verdicts);
    stored.push(clip('a2', 'alice', '2026-03-02T12:00:00Z', -9.5));
    const outcome = await mechanic.node!.handleNodeInput(ctx, stored[1], reads(stored));
    expect(outcome.effects.filter((e) => e.type === 'rank')).toEqual([{ type: 'rank', member: 'alice', participantId: 'alice', tieAt: new Date('2026-03-02T12:00:00Z'), score: -9500n }]);
  });

  it('should refuse a clip from outside the contest window', async () => {
    const late = clip('late', 'carol', '2026-03-06T00:00:00Z', -10);
    const outcome = await mechanic.node!.handleNodeInput(ctx, late, reads([late]));
    expect(outcome.verdicts[0]).toMatchObject({ accepted: false, reason: 'OUTSIDE_CONTEST_WINDOW' });
  });
});
