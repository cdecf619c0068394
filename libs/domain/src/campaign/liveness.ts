import { CampaignStatus } from './campaign-status';

/** A pause as recorded by the state machine: live again at `to` (null while still paused). */
export interface PauseSpan {
  from: Date;
  to: Date | null;
}

export interface LivenessCampaign {
  status: CampaignStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  pauses: readonly PauseSpan[];
}

export type Liveness = 'live' | 'paused' | 'not_live';

/**
 * Was the campaign running at business time `at`? Going live stamps startsAt and ending
 * stamps endsAt, and pauses are kept as spans, so the answer is the same whenever it is asked:
 * a sale made before a pause and synced during it still counts; one made during it does not.
 * A scheduled campaign runs from startsAt even before the clock has ticked it live.
 */
export function livenessAt(campaign: LivenessCampaign, at: Date): Liveness {
  if (campaign.status === CampaignStatus.Draft || !campaign.startsAt || at < campaign.startsAt) return 'not_live';
  if (campaign.endsAt && at >= campaign.endsAt) return 'not_live';
  const paused = campaign.pauses.some((p) => at >= p.from && (p.to === null || at < p.to));
  return paused ? 'paused' : 'live';
}

/** Pauses as stored in jsonb (ISO strings) back to spans. */
export function parsePauses(raw: unknown): PauseSpan[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p: { from?: unknown; to?: unknown }) =>
    typeof p?.from === 'string' ? [{ from: new Date(p.from), to: typeof p.to === 'string' ? new Date(p.to) : null }] : [],
  );
}
