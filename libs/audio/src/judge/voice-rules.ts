import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_DUPLICATE_MAX_BER } from '../fingerprint/fingerprint-match';

/** What makes a voice-shout entry fair. */
export interface VoiceRules {
  minDurationSec: number;
  maxDurationSec: number;
  /** Entries one person may have judged; the next is TOO_MANY_ENTRIES. */
  maxEntriesPerPerson: number;
  /** More than this share of samples at the clip's ceiling is CLIPPED (a natural shout: < 0.5 %). */
  maxClippedShare: number;
  /** Quieter than this (or no gated block at all) is SILENCE. */
  silenceBelowLufs: number;
  /** Fingerprints this close (bit-error rate) are the same recording: DUPLICATE. */
  duplicateMaxBitErrorRate: number;
}

export const DEFAULT_VOICE_RULES: Readonly<VoiceRules> = Object.freeze({
  minDurationSec: 0.5,
  maxDurationSec: 30,
  maxEntriesPerPerson: 3,
  maxClippedShare: 0.02,
  silenceBelowLufs: -50,
  duplicateMaxBitErrorRate: DEFAULT_DUPLICATE_MAX_BER,
});

/**
 * The rules as a block of a mechanic's config (class-validator, `whitelist: true`): every field
 * optional, defaulting to DEFAULT_VOICE_RULES. Cross-field checks (min < max) are judgeClip's
 * caller's: use `voiceRulesProblem`.
 */
export class VoiceRulesConfig implements VoiceRules {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.1) @Max(600)
  minDurationSec: number = DEFAULT_VOICE_RULES.minDurationSec;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.5) @Max(600)
  maxDurationSec: number = DEFAULT_VOICE_RULES.maxDurationSec;

  @IsOptional() @IsInt() @Min(1) @Max(1000)
  maxEntriesPerPerson: number = DEFAULT_VOICE_RULES.maxEntriesPerPerson;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  maxClippedShare: number = DEFAULT_VOICE_RULES.maxClippedShare;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-70) @Max(0)
  silenceBelowLufs: number = DEFAULT_VOICE_RULES.silenceBelowLufs;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(0.45)
  duplicateMaxBitErrorRate: number = DEFAULT_VOICE_RULES.duplicateMaxBitErrorRate;
}

/** A rule set that cannot accept anything, or null when it is coherent. */
export function voiceRulesProblem(rules: VoiceRules): string | null {
  return rules.minDurationSec >= rules.maxDurationSec ? 'minDurationSec must be below maxDurationSec' : null;
}
