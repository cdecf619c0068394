/**
 * Board members carry the tie order, so Redis sorts ties by itself: `<15-digit time><id>`.
 * Plain: the time in ms and the id as given (read ascending: earlier, then smaller id bytes).
 * Uuid-complement (the spread `board2` layout): `MAX_MS − ms` and the uuid with every hex digit
 * complemented (read descending, which gives the same order).
 */
export const MAX_TIE_MS = 999_999_999_999_999; // 15 digits; exact as a double, also in Redis' Lua
export const TIE_WIDTH = 15;
const MAX_ID_LENGTH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A lone surrogate has no UTF-8 form: two such ids would collide once encoded.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface MemberCodec {
  /** Which way the stored time prefix runs, for the Lua scripts: 'up' = ms, 'down' = MAX − ms. */
  readonly direction: 'up' | 'down';
  /** The id as stored (validated, normalised). */
  id(member: string): string;
  encode(id: string, ms: number): string;
  decode(stored: string): { member: string; at: Date };
}

/** Milliseconds since the epoch, clamped into what the prefix holds; an invalid date is refused. */
export function tieMs(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('ranking: tie-break time is not a valid date');
  return Math.min(MAX_TIE_MS, Math.max(0, ms));
}

const pad = (n: number) => String(n).padStart(TIE_WIDTH, '0');
const complement = (hex: string): string => hex.replace(/[0-9a-f]/g, (d) => (15 - parseInt(d, 16)).toString(16));

export const PLAIN_CODEC: MemberCodec = {
  direction: 'up',
  id(member) {
    if (member.length === 0 || member.length > MAX_ID_LENGTH || LONE_SURROGATE.test(member)) {
      throw new RangeError(`ranking: member id must be 1–${MAX_ID_LENGTH} characters of well-formed text`);
    }
    return member;
  },
  encode: (id, ms) => pad(ms) + id,
  decode: (stored) => ({ member: stored.slice(TIE_WIDTH), at: new Date(Number(stored.slice(0, TIE_WIDTH))) }),
};

export const UUID_COMPLEMENT_CODEC: MemberCodec = {
  direction: 'down',
  id(member) {
    const id = member.toLowerCase();
    if (!UUID.test(id)) throw new RangeError(`ranking: member id is not a uuid: ${member}`);
    return id;
  },
  encode: (id, ms) => pad(MAX_TIE_MS - ms) + complement(id),
  decode: (stored) => ({ member: complement(stored.slice(TIE_WIDTH)), at: new Date(MAX_TIE_MS - Number(stored.slice(0, TIE_WIDTH))) }),
};
