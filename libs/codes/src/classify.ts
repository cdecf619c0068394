import { CodeErrors, CodeRefusal } from '@lib/domain';
import type { CodeState } from '@lib/persistence';

/** What a lookup of a code shows about it (a snapshot after the conditional UPDATE missed). */
export interface CodeSnapshot {
  campaignId: string;
  state: CodeState;
  holder: string | null;
  reservedBy: string | null;
  reservedUntil: Date | null;
  expiresAt: Date | null;
}

/**
 * Why `participant` could not use the code now, or null when nothing in the snapshot forbids
 * it (the conditional UPDATE then lost a race and the caller looks again). The order is the
 * order a person would want to hear: a code of another campaign is unknown here; a used code is
 * used even if it has expired since.
 */
export function refusalOf(row: CodeSnapshot | undefined, campaignId: string, participant: string, now: Date): CodeRefusal | null {
  if (!row || row.campaignId !== campaignId) return CodeErrors.UNKNOWN;
  if (row.state === 'redeemed') return CodeErrors.ALREADY_USED;
  if (row.state === 'expired' || (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime())) return CodeErrors.EXPIRED;
  if (row.holder !== null && row.holder !== participant) return CodeErrors.NOT_YOURS;
  const held = row.state === 'reserved' && row.reservedUntil !== null && row.reservedUntil.getTime() > now.getTime();
  if (held && row.reservedBy !== participant) return CodeErrors.RESERVED;
  return null;
}

/** The SQL predicate `refusalOf(...) === null` stands for, on alias `c` with the participant as `who`. */
export const USABLE_BY = (who: string, now: string) => `
  (c.state IN ('issued', 'allocated') OR (c.state = 'reserved' AND (c.reserved_until <= ${now} OR c.reserved_by = ${who})))
  AND (c.holder IS NULL OR c.holder = ${who})
  AND (c.expires_at IS NULL OR c.expires_at > ${now})`;

/** A code row as LOOK_UP returns it. */
export interface CodeRow {
  id: string;
  campaign_id: string;
  state: CodeState;
  holder: string | null;
  reserved_by: string | null;
  reserved_until: Date | null;
  expires_at: Date | null;
  transferred_at?: Date | null;
  skus?: string[] | null;
}

export const snapshotOf = (r: CodeRow): CodeSnapshot => ({
  campaignId: r.campaign_id,
  state: r.state,
  holder: r.holder,
  reservedBy: r.reserved_by,
  reservedUntil: r.reserved_until,
  expiresAt: r.expires_at,
});
