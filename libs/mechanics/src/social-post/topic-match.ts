/** What a channel reports about a post: its text and, when it knows them, its hashtags. */
export interface TopicCarrier {
  text?: unknown;
  topic?: unknown;
  topics?: unknown;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/**
 * The form topics are compared in: NFKC (the full-width ＃ of Chinese input methods becomes #,
 * full-width letters and digits become ASCII), lower case, whitespace runs as one space.
 */
export function normaliseTopicText(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');
}

/** A campaign topic as matched: normalised and trimmed; null when it is empty or holds a #. */
export function canonicalTopic(topic: string): string | null {
  const t = normaliseTopicText(topic).trim();
  return t.length === 0 || t.includes('#') ? null : t;
}

/**
 * Whether a post carries the campaign topic: in the channel's reported hashtags
 * (`topic`: string, `topics`: strings; with or without # marks) or in the text, as
 * `#topic#` (Weibo style, spaces just inside the marks allowed) or as a `#topic` hashtag
 * ended by anything but a letter, digit, mark or underscore (topics without spaces only).
 * The whole topic must match: `#XiaomiTuesdays#` does not carry XiaomiTuesday.
 */
export function carriesTopic(post: TopicCarrier, topic: string): boolean {
  const t = canonicalTopic(topic);
  if (t === null) return false;
  const reported = [post.topic, ...(Array.isArray(post.topics) ? post.topics : [])];
  if (reported.some((r) => typeof r === 'string' && reportedTopic(r) === t)) return true;
  return typeof post.text === 'string' && textCarries(normaliseTopicText(post.text), t);
}

function reportedTopic(value: string): string {
  return normaliseTopicText(value).trim().replace(/^#+/, '').replace(/#+$/, '').trim();
}

function textCarries(text: string, t: string): boolean {
  if ([`#${t}#`, `# ${t}#`, `#${t} #`, `# ${t} #`].some((form) => text.includes(form))) return true;
  if (t.includes(' ')) return false;
  const tag = `#${t}`;
  for (let at = text.indexOf(tag); at !== -1; at = text.indexOf(tag, at + 1)) {
    const next = String.fromCodePoint(text.codePointAt(at + tag.length) ?? 0x20);
    if (!WORD_CHAR.test(next)) return true;
  }
  return false;
}
