import type { ClipAnalysis } from '../analysis.types';
import { compareFingerprints } from '../fingerprint/fingerprint-match';
import type { VoiceRules } from './voice-rules';

/** Stable rejection codes (stored with the entry; the message is for people). */
export type VoiceRejection =
  | 'UNDECODABLE'
  | 'TOO_LARGE'
  | 'TOO_LONG'
  | 'TOO_SHORT'
  | 'TOO_MANY_ENTRIES'
  | 'SILENCE'
  | 'CLIPPED'
  | 'DUPLICATE';

export interface JudgeContext {
  /** Entries this person already has judged in this contest (counted by the mechanic). */
  entriesSoFar: number;
  /** Earlier entries of the contest, any person, to find replays among. */
  earlier: { entryId: string; fingerprint: string }[];
}

export interface VoiceVerdict {
  verdict: 'accepted' | 'rejected';
  reason: VoiceRejection | null;
  message: string;
  duplicateOf?: string;
}

const reject = (reason: VoiceRejection, message: string, duplicateOf?: string): VoiceVerdict =>
  duplicateOf === undefined ? { verdict: 'rejected', reason, message } : { verdict: 'rejected', reason, message, duplicateOf };
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;

/**
 * Pure judgement of one analysed clip. Checks run cheapest and most certain first: the file,
 * the person's allowance, the length, silence, clipping, then replays of earlier entries (the
 * earliest matching entry is named).
 */
export function judgeClip(a: ClipAnalysis, rules: VoiceRules, ctx: JudgeContext): VoiceVerdict {
  if (!a.ok) {
    const what = { UNDECODABLE: 'The file could not be read as audio', TOO_LARGE: 'The file is too large', TOO_LONG: 'The recording is too long' }[a.reason];
    return reject(a.reason, `${what}: ${a.detail}.`);
  }
  if (ctx.entriesSoFar >= rules.maxEntriesPerPerson) {
    return reject('TOO_MANY_ENTRIES', `Each person may enter ${rules.maxEntriesPerPerson} time(s); this would be entry ${ctx.entriesSoFar + 1}.`);
  }
  if (a.durationSec < rules.minDurationSec) {
    return reject('TOO_SHORT', `The recording lasts ${a.durationSec.toFixed(2)} s; at least ${rules.minDurationSec} s is needed.`);
  }
  if (a.durationSec > rules.maxDurationSec) {
    return reject('TOO_LONG', `The recording lasts ${a.durationSec.toFixed(1)} s; at most ${rules.maxDurationSec} s is allowed.`);
  }
  if (a.integratedLufs === null || a.integratedLufs < rules.silenceBelowLufs) {
    const level = a.integratedLufs === null ? 'no measurable sound' : `${a.integratedLufs.toFixed(1)} LUFS`;
    return reject('SILENCE', `Nothing loud enough was heard (${level}; at least ${rules.silenceBelowLufs} LUFS).`);
  }
  if (a.clippedShare > rules.maxClippedShare) {
    return reject('CLIPPED', `${pct(a.clippedShare)} of the samples sit at the recording's ceiling (at most ${pct(rules.maxClippedShare)}): it is clipped, limited or synthetic.`);
  }
  for (const e of ctx.earlier) {
    const c = compareFingerprints(a.fingerprint, e.fingerprint);
    if (c && c.bitErrorRate <= rules.duplicateMaxBitErrorRate) {
      return reject('DUPLICATE', `This is the same recording as an earlier entry (${pct(1 - c.bitErrorRate)} of the fingerprint agrees).`, e.entryId);
    }
  }
  return { verdict: 'accepted', reason: null, message: `Accepted at ${a.integratedLufs.toFixed(1)} LUFS.` };
}
