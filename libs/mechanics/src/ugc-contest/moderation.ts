import { findBlockedWord } from './blocked-words';
import { UgcContestConfig } from './ugc-contest.config';
import { EntryModeration } from './vote-judging';

export type AutoRejectReason = 'BLOCKED_WORD' | 'MEDIA_TYPE_NOT_ALLOWED';

export type AutoModeration =
  | { decision: 'approved' | 'pending'; reason?: undefined; detail?: undefined }
  /** `detail`: the blocked word as configured, or the media type: for staff, not for the entrant. */
  | { decision: 'rejected'; reason: AutoRejectReason; detail: string };

export interface EntryContent {
  text?: string;
  /** The media's type (`image/jpeg`, `video`); null or absent: an entry without media. */
  mediaType?: string | null;
}

/**
 * The automatic rules, media type first, then blocked words in the text. An entry that passes
 * waits for a human when the config requires approval, else is approved. Staff may still approve
 * an entry the rules rejected (a false positive) — see reviewEntry.
 */
export function autoModerate(entry: EntryContent, cfg: UgcContestConfig): AutoModeration {
  const { allowedMediaTypes, blockedWords, requireHumanApproval } = cfg.moderation;
  const mediaType = normaliseMediaType(entry.mediaType);
  if (!mediaTypeAllowed(mediaType, allowedMediaTypes)) {
    return { decision: 'rejected', reason: 'MEDIA_TYPE_NOT_ALLOWED', detail: mediaType ?? 'text' };
  }
  const word = typeof entry.text === 'string' ? findBlockedWord(entry.text, blockedWords) : null;
  if (word !== null) return { decision: 'rejected', reason: 'BLOCKED_WORD', detail: word };
  return { decision: requireHumanApproval ? 'pending' : 'approved' };
}

/** Lower case, parameters (`; codecs=…`) dropped; empty means no media. */
export function normaliseMediaType(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const t = raw.split(';')[0].trim().toLowerCase();
  return t.length === 0 ? null : t;
}

/**
 * An allowed `image` or `image/*` admits every `image/…` (and a bare `image`); `image/png`
 * admits exactly that. An entry without media counts as `text`. An empty list admits all.
 */
export function mediaTypeAllowed(mediaType: string | null, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const type = mediaType ?? 'text';
  const top = type.split('/')[0];
  return allowed.some((a) => {
    const [aTop, aSub] = a.trim().toLowerCase().split('/');
    return aSub === undefined || aSub === '*' ? aTop === top : `${aTop}/${aSub}` === type;
  });
}

export interface ModerationState {
  moderation: EntryModeration;
  /** When the entry became votable; null when approved by the automatic rules or not approved. */
  approvedAt: Date | null;
}

/**
 * A marketer's or staff member's decision on an entry (the reason for a rejection is the
 * runtime's to store). Approving keeps the first approval time, so a second click does not
 * invalidate votes cast in between; approving a rejected entry takes effect from `at`.
 * Rejecting withdraws the entry: its votes become ENTRY_NOT_APPROVED and free their period.
 */
export function reviewEntry(current: ModerationState, decision: 'approve' | 'reject', at: Date): ModerationState & { changed: boolean } {
  if (decision === 'approve') {
    if (current.moderation === 'approved') return { ...current, changed: false };
    return { moderation: 'approved', approvedAt: at, changed: true };
  }
  if (current.moderation === 'rejected') return { ...current, changed: false };
  return { moderation: 'rejected', approvedAt: null, changed: true };
}
