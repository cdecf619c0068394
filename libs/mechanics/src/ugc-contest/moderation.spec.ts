import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { findBlockedWord } from './blocked-words';
import { autoModerate, mediaTypeAllowed, normaliseMediaType, reviewEntry } from './moderation';
import { UgcContestConfig } from './ugc-contest.config';

function config(moderation: Record<string, unknown>): UgcContestConfig {
  return plainToInstance(UgcContestConfig, {
    seedPostId: 'seed',
    round1: { opensAt: '2026-05-01T10:00:00+08:00', closesAt: '2026-05-04T10:00:00+08:00' },
    round2: { entriesOpenAt: '2026-05-02T00:00:00+08:00', entriesCloseAt: '2026-05-05T00:00:00+08:00', votingOpensAt: '2026-05-02T00:00:00+08:00', votingClosesAt: '2026-05-06T00:00:00+08:00' },
    moderation,
  });
}

describe('findBlockedWord', () => {
  it('should find a CJK word anywhere inside text written without spaces', () => {
    expect(findBlockedWord('你这个傻瓜吧', ['傻瓜'])).toBe('傻瓜');
    expect(findBlockedWord('买了一个假货', ['假货'])).toBe('假货');
    expect(findBlockedWord('ｶﾀｶﾅもダメ', ['カタカナ'])).toBe('カタカナ'); // half-width kana, NFKC
  });

  it('should match Latin words whole, so a word inside a longer one is not blocked', () => {
    expect(findBlockedWord('a classic class', ['ass'])).toBeNull();
    expect(findBlockedWord('what an ass!', ['ass'])).toBe('ass');
    expect(findBlockedWord('ass', ['ass'])).toBe('ass');
    expect(findBlockedWord('spammers everywhere', ['spam'])).toBeNull();
    expect(findBlockedWord('spam_bot', ['spam'])).toBeNull();
  });

  it('should treat a neighbouring CJK character as a word boundary for a Latin word', () => {
    expect(findBlockedWord('买fake货', ['fake'])).toBe('fake');
    expect(findBlockedWord('这是SB吗', ['sb'])).toBe('sb');
  });

  it('should open a word end marked with * to longer words', () => {
    expect(findBlockedWord('spammers everywhere', ['spam*'])).toBe('spam*');
    expect(findBlockedWord('antispam', ['*spam'])).toBe('*spam');
    expect(findBlockedWord('antispammers', ['*spam*'])).toBe('*spam*');
    expect(findBlockedWord('antispammers', ['spam*'])).toBeNull();
  });

  it('should fold full-width letters, case and ß, and ignore zero-width characters', () => {
    expect(findBlockedWord('ＦＡＫＥ news', ['fake'])).toBe('fake');
    expect(findBlockedWord('So FAKE', ['Fake'])).toBe('Fake');
    expect(findBlockedWord('STRASSE', ['straße'])).toBe('straße');
    expect(findBlockedWord('f\u200Bake and 傻\u200D瓜', ['fake'])).toBe('fake');
    expect(findBlockedWord('傻\u200D瓜', ['傻瓜'])).toBe('傻瓜');
  });

  it('should match a phrase across any run of whitespace', () => {
    expect(findBlockedWord('buy   cheap\u3000followers now', ['buy cheap followers'])).toBe('buy cheap followers');
    expect(findBlockedWord('buycheap followers', ['buy cheap followers'])).toBeNull();
  });

  it('should treat regex characters literally and report the first configured word found', () => {
    expect(findBlockedWord('c++ rocks', ['c++'])).toBe('c++');
    expect(findBlockedWord('cc rocks', ['c.'])).toBeNull();
    expect(findBlockedWord('fake 傻瓜', ['傻瓜', 'fake'])).toBe('傻瓜');
  });
});

describe('autoModerate', () => {
  it('should approve a clean entry when no human approval is required, and queue it when it is', () => {
    expect(autoModerate({ text: '我的150克青春', mediaType: 'image/jpeg' }, config({ requireHumanApproval: false }))).toEqual({ decision: 'approved' });
    expect(autoModerate({ text: '我的150克青春', mediaType: 'image/jpeg' }, config({}))).toEqual({ decision: 'pending' });
  });

  it('should reject with BLOCKED_WORD naming the configured word for staff', () => {
    expect(autoModerate({ text: '太假货了' }, config({ blockedWords: ['假货'] }))).toEqual({ decision: 'rejected', reason: 'BLOCKED_WORD', detail: '假货' });
  });

  it('should reject with MEDIA_TYPE_NOT_ALLOWED naming the type, before looking at words', () => {
    const cfg = config({ blockedWords: ['假货'], allowedMediaTypes: ['image', 'video'] });
    expect(autoModerate({ text: '假货', mediaType: 'audio/mpeg' }, cfg)).toEqual({ decision: 'rejected', reason: 'MEDIA_TYPE_NOT_ALLOWED', detail: 'audio/mpeg' });
    expect(autoModerate({ text: 'hi' }, cfg)).toEqual({ decision: 'rejected', reason: 'MEDIA_TYPE_NOT_ALLOWED', detail: 'text' });
  });

  it('should pass an entry without text when only the media is there', () => {
    expect(autoModerate({ mediaType: 'video/mp4' }, config({ blockedWords: ['x'], allowedMediaTypes: ['video'], requireHumanApproval: false }))).toEqual({ decision: 'approved' });
  });
});

describe('mediaTypeAllowed', () => {
  it('should admit every subtype for a bare or starred type and exactly the named one for a full type', () => {
    expect(mediaTypeAllowed('image/png', ['image'])).toBe(true);
    expect(mediaTypeAllowed('image', ['image/*'])).toBe(true);
    expect(mediaTypeAllowed('image/gif', ['image/png'])).toBe(false);
    expect(mediaTypeAllowed('image/png', ['image/png'])).toBe(true);
    expect(mediaTypeAllowed('image', ['image/png'])).toBe(false);
    expect(mediaTypeAllowed('imagex/png', ['image'])).toBe(false);
  });

  it('should count an entry without media as text and admit anything when the list is empty', () => {
    expect(mediaTypeAllowed(null, ['text'])).toBe(true);
    expect(mediaTypeAllowed(null, ['image'])).toBe(false);
    expect(mediaTypeAllowed(null, [])).toBe(true);
    expect(mediaTypeAllowed('application/zip', [])).toBe(true);
  });

  it('should read media types case-insensitively without their parameters', () => {
    expect(normaliseMediaType(' Video/MP4; codecs="avc1" ')).toBe('video/mp4');
    expect(normaliseMediaType('  ')).toBeNull();
    expect(normaliseMediaType(undefined)).toBeNull();
  });
});

describe('reviewEntry', () => {
  const at = new Date('2026-05-03T02:00:00Z');
  const later = new Date('2026-05-03T05:00:00Z');

  it('should approve a pending entry from the decision time', () => {
    expect(reviewEntry({ moderation: 'pending', approvedAt: null }, 'approve', at)).toEqual({ moderation: 'approved', approvedAt: at, changed: true });
  });

  it('should keep the first approval time when approved again', () => {
    expect(reviewEntry({ moderation: 'approved', approvedAt: at }, 'approve', later)).toEqual({ moderation: 'approved', approvedAt: at, changed: false });
  });

  it('should let staff approve an entry the automatic rules rejected, from the decision time', () => {
    expect(reviewEntry({ moderation: 'rejected', approvedAt: null }, 'approve', later)).toEqual({ moderation: 'approved', approvedAt: later, changed: true });
  });

  it('should reject pending and approved entries and change nothing for a rejected one', () => {
    expect(reviewEntry({ moderation: 'pending', approvedAt: null }, 'reject', at)).toEqual({ moderation: 'rejected', approvedAt: null, changed: true });
    expect(reviewEntry({ moderation: 'approved', approvedAt: at }, 'reject', later)).toEqual({ moderation: 'rejected', approvedAt: null, changed: true });
    expect(reviewEntry({ moderation: 'rejected', approvedAt: null }, 'reject', later).changed).toBe(false);
  });
});
