import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ClipAnalysis, ClipMeasured } from '../analysis.types';
import { rng } from '../test-support/signals';
import { judgeClip, type JudgeContext } from './judge-clip';
import { DEFAULT_VOICE_RULES, VoiceRulesConfig, voiceRulesProblem } from './voice-rules';

const fresh: JudgeContext = { entriesSoFar: 0, earlier: [] };
// A well-formed fingerprint with sound in every frame and random bits per seed.
const fingerprint = (seed: number): string => {
  const frames = 100;
  const random = rng(seed);
  const raw = Buffer.alloc(4 + frames * 2 + Math.ceil(frames / 8), 0xff);
  raw.writeUInt32LE(frames, 0);
  for (let i = 0; i < frames; i++) raw.writeUInt16LE(Math.floor(random() * 65536), 4 + 2 * i);
  return `af1.${raw.toString('base64url')}`;
};
const clip = (over: Partial<ClipMeasured> = {}): ClipMeasured => ({
  ok: true, integratedLufs: -18, truePeakDbtp: -1, samplePeakDbfs: -1.2, durationSec: 4, sampleRate: 16000, channels: 1, clippedShare: 0.001, fingerprint: fingerprint(1), ...over,
});

describe('judgeClip', () => {
  it('accepts a fair clip and says how loud it was', () => {
    expect(judgeClip(clip(), DEFAULT_VOICE_RULES, fresh)).toEqual({ verdict: 'accepted', reason: null, message: 'Accepted at -18.0 LUFS.' });
  });

  it.each<[string, ClipAnalysis, Partial<JudgeContext>]>([
    ['UNDECODABLE', { ok: false, reason: 'UNDECODABLE', detail: 'not a supported audio format' }, {}],
    ['TOO_LARGE', { ok: false, reason: 'TOO_LARGE', detail: '99999999 bytes' }, {}],
    ['TOO_LONG', { ok: false, reason: 'TOO_LONG', detail: 'the header says 10800.0 s', durationSec: 10800 }, {}],
    ['TOO_LONG', clip({ durationSec: 30.5 }), {}],
    ['TOO_SHORT', clip({ durationSec: 0.45, integratedLufs: null }), {}],
    ['TOO_MANY_ENTRIES', clip(), { entriesSoFar: 3 }],
    ['SILENCE', clip({ integratedLufs: null }), {}],
    ['SILENCE', clip({ integratedLufs: -55 }), {}],
    ['CLIPPED', clip({ clippedShare: 0.3 }), {}],
    ['DUPLICATE', clip(), { earlier: [{ entryId: 'e-other', fingerprint: fingerprint(9) }, { entryId: 'e-1', fingerprint: fingerprint(1) }] }],
  ])('rejects %s with a stable code and a reason a person can read', (code, analysis, ctx) => {
    const v = judgeClip(analysis, DEFAULT_VOICE_RULES, { ...fresh, ...ctx });
    expect(v.verdict).toBe('rejected');
    expect(v.reason).toBe(code);
    expect(v.message.length).toBeGreaterThan(20);
    if (code === 'DUPLICATE') expect(v.duplicateOf).toBe('e-1');
    else expect(v.duplicateOf).toBeUndefined();
  });

  it('judges the person before the file, and a short clip before its missing loudness', () => {
    expect(judgeClip(clip({ clippedShare: 1 }), DEFAULT_VOICE_RULES, { ...fresh, entriesSoFar: 5 }).reason).toBe('TOO_MANY_ENTRIES');
    expect(judgeClip(clip({ durationSec: 0.3, integratedLufs: null }), DEFAULT_VOICE_RULES, fresh).reason).toBe('TOO_SHORT');
  });

  it('follows the rules it is given', () => {
    const lax = { ...DEFAULT_VOICE_RULES, maxClippedShare: 0.5, maxEntriesPerPerson: 10, maxDurationSec: 60 };
    expect(judgeClip(clip({ clippedShare: 0.3, durationSec: 45 }), lax, { ...fresh, entriesSoFar: 5 }).verdict).toBe('accepted');
  });
});

describe('VoiceRulesConfig', () => {
  it('defaults every field, so an empty config block means the default rules', () => {
    const c = plainToInstance(VoiceRulesConfig, {});
    expect(validateSync(c)).toEqual([]);
    expect({ ...c }).toEqual({ ...DEFAULT_VOICE_RULES });
  });

  it('validates what a marketer sets', () => {
    expect(validateSync(plainToInstance(VoiceRulesConfig, { maxDurationSec: 20, maxEntriesPerPerson: 1 }))).toEqual([]);
    const bad = validateSync(plainToInstance(VoiceRulesConfig, { maxEntriesPerPerson: 1.5, maxClippedShare: 2, silenceBelowLufs: 'loud' }));
    expect(bad.map((e) => e.property).sort()).toEqual(['maxClippedShare', 'maxEntriesPerPerson', 'silenceBelowLufs']);
    expect(voiceRulesProblem({ ...DEFAULT_VOICE_RULES, minDurationSec: 40 })).toMatch(/minDurationSec/);
    expect(voiceRulesProblem(DEFAULT_VOICE_RULES)).toBeNull();
  });
});
