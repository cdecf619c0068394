/**
 * Every interaction mechanic the engine knows. Stored on node rows: a wire contract.
 * Adding one means a value here and a handler folder in libs/mechanics; the registry
 * refuses to boot if a kind has no handler.
 */
export enum MechanicKind {
  SocialPost = 'social-post',
  UgcContest = 'ugc-contest',
  Draw = 'draw',
  VoiceShout = 'voice-shout',
  Referral = 'referral',
  InviteCode = 'invite-code',
}

export const MECHANIC_KINDS: readonly MechanicKind[] = Object.values(MechanicKind);
