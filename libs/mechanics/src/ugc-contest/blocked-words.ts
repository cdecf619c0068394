import { normaliseTopicText } from '../social-post/topic-match';

/**
 * Blocked-word matching for contest entries.
 *
 * Both sides are compared folded: invisible format characters (zero-width space and joiner,
 * soft hyphen) removed, NFKC (full-width letters become ASCII), case folded (upper then lower, so
 * ß meets SS), whitespace runs as one space. Then:
 * - a word in a script written without spaces (Han, kana, Hangul, Thai, …) matches anywhere:
 *   `傻瓜` is found in `你这个傻瓜吧`;
 * - a word in a spaced script (Latin, Cyrillic, digits, …) matches whole words only, so `ass`
 *   does not block `class`. A neighbouring CJK character counts as a boundary (`买fake货`
 *   carries `fake`). A `*` at either end opens that end: `spam*` also blocks `spammer`.
 * Evasions such as `f.u.c.k` are left to the human queue.
 */
export interface BlockedWord {
  /** The folded word without its `*` ends. */
  core: string;
  openStart: boolean;
  openEnd: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const UNSPACED_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;

export function foldForMatching(text: string): string {
  return normaliseTopicText(text.replace(/\p{Cf}/gu, '')).toUpperCase().toLowerCase().normalize('NFKC');
}

/** A configured word as matched; null when nothing is left to match (empty, spaces, only `*`). */
export function canonicalBlockedWord(word: string): BlockedWord | null {
  const folded = foldForMatching(word).trim();
  const openStart = folded.startsWith('*');
  const openEnd = folded.length > 1 && folded.endsWith('*');
  const core = folded.replace(/^\*/, '').replace(/\*$/, '').trim();
  return core.length === 0 ? null : { core, openStart, openEnd };
}

/** A letter or digit that needs a word boundary next to it (not a CJK-like character). */
function isSpacedWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !UNSPACED_SCRIPT.test(ch);
}

/** The whole code point ending just before `at` (a surrogate pair counts as one). */
function charBefore(text: string, at: number): string | undefined {
  if (at <= 0) return undefined;
  const unit = text.charCodeAt(at - 1);
  return unit >= 0xdc00 && unit <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text[at - 1];
}

function charAt(text: string, at: number): string | undefined {
  const cp = text.codePointAt(at);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

/** Whether the folded text carries the word under the rules above. */
export function carriesBlockedWord(foldedText: string, word: BlockedWord): boolean {
  const { core } = word;
  const needsStart = !word.openStart && isSpacedWordChar(charAt(core, 0));
  const needsEnd = !word.openEnd && isSpacedWordChar(charBefore(core, core.length));
  for (let at = foldedText.indexOf(core); at !== -1; at = foldedText.indexOf(core, at + 1)) {
    if (needsStart && isSpacedWordChar(charBefore(foldedText, at))) continue;
    if (needsEnd && isSpacedWordChar(charAt(foldedText, at + core.length))) continue;
    return true;
  }
  return false;
}

/** The first configured word (as the marketer wrote it) the text carries, or null. */
export function findBlockedWord(text: string, blockedWords: readonly string[]): string | null {
  const folded = foldForMatching(text);
  for (const word of blockedWords) {
    const canonical = canonicalBlockedWord(word);
    if (canonical && carriesBlockedWord(folded, canonical)) return word;
  }
  return null;
}
