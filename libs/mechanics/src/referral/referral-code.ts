import { createHash } from 'node:crypto';
import { CODE_ALPHABET, checkSymbol, readCode } from '@lib/domain';

/** Symbols before the check symbol: 40 bits, so a workspace of a million referrers rarely needs a second attempt. */
export const REFERRAL_CODE_LENGTH = 8;
/** The mechanic_ref kind that holds codes: unique per workspace, the first holder keeps one. */
export const REFERRAL_CODE_REF = 'referral-code';

/**
 * A participant's code on a node, derived (not drawn) so judging the same sign-up again gives
 * the same code. `attempt` moves on only when another person already holds the value.
 * Referral codes are public by design (people share them), so they are stored plainly.
 */
export function referralCode(nodeId: string, participantId: string, attempt = 0): string {
  const digest = createHash('sha256').update(`referral:${nodeId}:${participantId}:${attempt}`).digest();
  let payload = '';
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) payload += CODE_ALPHABET[digest[i] & 31];
  return payload + checkSymbol(payload);
}

/** The code a person typed or a link carried: case, spaces and dashes do not matter. */
export function readReferralCode(raw: unknown): ReturnType<typeof readCode> {
  return readCode(raw, REFERRAL_CODE_LENGTH);
}

/** The link sent with a code: every `{code}` of the template replaced. */
export function referralLink(template: string, code: string): string {
  return template.split('{code}').join(encodeURIComponent(code));
}
