/** Deepest nesting a request body may have; real bodies stay below 8. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether raw JSON nests arrays/objects deeper than `max`, counted without parsing: `[` and
 * `{` outside strings. Runs on bytes: UTF-8 continuation bytes never look like ASCII, so
 * brackets inside multi-byte characters cannot be miscounted.
 */
export function jsonDepthExceeds(raw: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return false;
}
