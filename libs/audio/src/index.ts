export * from './analysis.types';
export { analyseFile } from './analyse-file';
export { CLIP_LEVEL_DBFS, CLIP_WINDOW_DB } from './clip-meter';
export { analyseInSandbox, type SandboxOptions } from './sandbox/analyse-in-sandbox';
export { compareFingerprints, fingerprintsMatch, DEFAULT_DUPLICATE_MAX_BER, type FingerprintComparison } from './fingerprint/fingerprint-match';
export { judgeClip, type JudgeContext, type VoiceRejection, type VoiceVerdict } from './judge/judge-clip';
export { DEFAULT_VOICE_RULES, VoiceRulesConfig, voiceRulesProblem, type VoiceRules } from './judge/voice-rules';
export { designKWeighting, type Biquad, type KWeighting } from './dsp/k-weighting';
