import { SpreadKind } from '@lib/domain';

/** Ingest event types that become spread events, and the kind each records as. */
export const SPREAD_EVENT_KIND: Readonly<Record<string, SpreadKind>> = {
  post: 'post',
  repost: 'repost',
  follow: 'follow',
  referral: 'referral',
};

export const SPREAD_EVENT_TYPES = Object.keys(SPREAD_EVENT_KIND);
