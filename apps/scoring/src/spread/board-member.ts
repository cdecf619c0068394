/**
 * Leaderboard members that carry the tie order, so Redis sorts ties by itself.
 *
 * ZREVRANGE returns equal scores in descending member order. A member is
 * `<15 digits: MAX_MS - achievedMs><participant uuid with every hex digit complemented>`,
 * so among equal scores the earlier achievement comes first, then the smaller participant id.
 */
const MAX_MS = 999_999_999_999_999; // 15 digits; exact as a double (and in Redis' Lua)
const WIDTH = 15;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Length of the time prefix; the credit script compares prefixes numerically. */
export const ACHIEVEMENT_WIDTH = WIDTH;

const complement = (hex: string): string => hex.replace(/[0-9a-f]/g, (d) => (15 - parseInt(d, 16)).toString(16));

/** Milliseconds since the epoch, clamped into what the prefix can hold. */
export function achievementMs(at: Date): number {
  return Math.min(MAX_MS, Math.max(0, at.getTime()));
}

export function encodeMember(participantId: string, achievedMs: number): string {
  const id = participantId.toLowerCase();
  if (!UUID.test(id)) throw new Error(`participant id is not a uuid: ${participantId}`);
  if (!Number.isInteger(achievedMs) || achievedMs < 0 || achievedMs > MAX_MS) throw new Error(`achievement out of range: ${achievedMs}`);
  return String(MAX_MS - achievedMs).padStart(WIDTH, '0') + complement(id);
}

export function decodeMember(member: string): { participantId: string; achievedAt: Date } {
  return { participantId: complement(member.slice(WIDTH)), achievedAt: new Date(MAX_MS - Number(member.slice(0, WIDTH))) };
}

/** Spread weights have 6 decimals; Redis sums them as integers, exactly and in any order. */
export const toMicro = (weight: number): number => Math.round(weight * 1e6);
export const fromMicro = (micro: number): number => micro / 1e6;
