import { EventSchema } from './event-schema';

const ref = (name: string, required = false) => ({ name, type: 'string' as const, required, min: 1, max: 200 });

/**
 * The event types every workspace has. Each allows additional `data` fields (node conditions
 * may read them, e.g. `openPurchase`); the named ones are checked. Mechanics issues add theirs here.
 */
export const BUILTIN_EVENT_TYPES: readonly EventSchema[] = [
  {
    type: 'purchase',
    additionalFields: true,
    fields: [
      ref('orderId', true),
      { name: 'amount', type: 'number', required: true, min: 0 },
      { name: 'currency', type: 'currency', required: true },
      ref('sku'),
      { name: 'quantity', type: 'integer', min: 1, max: 1_000_000 },
    ],
  },
  {
    type: 'post',
    additionalFields: true,
    fields: [
      ref('postId', true),
      { name: 'invitationId', type: 'uuid' },
      { name: 'text', type: 'string', max: 10_000 },
      { name: 'topic', type: 'string', max: 200 },
      { name: 'topics', type: 'string[]', max: 50 },
    ],
  },
  { type: 'repost', additionalFields: true, fields: [ref('postId'), ref('parentPostId', true)] },
  // A follow of a brand account: of a post's author when it names the post, else of
  // `followerOf` or the workspace's brand account.
  { type: 'follow', additionalFields: true, fields: [ref('parentPostId'), ref('postId'), ref('followerOf')] },
  { type: 'referral', additionalFields: true, fields: [ref('postId'), ref('parentPostId', true)] },
  // A voice clip for a voice-shout contest: `mediaRef` names an uploaded file (`media:<id>`) or
  // an https URL the worker fetches.
  { type: 'voice_entry', additionalFields: true, fields: [ref('mediaRef', true), ref('entryId')] },
  // A participant's own content in a UGC contest; a cascade root others repost by its entry id.
  // `contest` (a node id) picks the contest when several run at once.
  {
    type: 'entry',
    additionalFields: true,
    fields: [ref('entryId', true), { name: 'text', type: 'string', max: 10_000 }, ref('mediaRef'), ref('mediaType'), { name: 'contest', type: 'uuid' }],
  },
  // A vote for a contest entry.
  { type: 'vote', additionalFields: true, fields: [ref('entryId', true)] },
  // A person arriving (sign-up, first visit): enters referral nodes; `referralCode` names the
  // referrer. Device and contact are hashes only (hex, e.g. SHA-256), never the raw values.
  {
    type: 'signup',
    additionalFields: true,
    fields: [ref('referralCode'), { name: 'deviceHash', type: 'hash' }, { name: 'contactHash', type: 'hash' }],
  },
];

const BY_TYPE: ReadonlyMap<string, EventSchema> = new Map(BUILTIN_EVENT_TYPES.map((s) => [s.type, s]));

/** A Map, so a type such as 'constructor' finds nothing on a prototype. */
export function builtinEventType(type: string): EventSchema | undefined {
  return BY_TYPE.get(type);
}

/** Lowercase letters, digits and _ . -, starting with a letter: the shape of every type name. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
