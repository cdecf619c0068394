import { CampaignStatus } from '@lib/domain';
import { CampaignEntity } from '@lib/persistence';

type Schedule = Pick<CampaignEntity, 'startsAt' | 'endsAt' | 'pauses'>;

/**
 * What a hand-made transition records, so that "was the campaign running at t?" has one answer
 * forever (livenessAt): going live stamps startsAt (unless an earlier one was set), ending stamps
 * endsAt, and pauses are kept as spans.
 */
export function scheduleAfterTransition(c: Schedule, from: CampaignStatus, to: CampaignStatus, now: Date): Schedule {
  const iso = now.toISOString();
  const pauses = c.pauses.map((p) => ({ ...p }));
  const open = pauses.find((p) => p.to === null);
  if (from === CampaignStatus.Paused && open) open.to = iso;
  if (to === CampaignStatus.Paused) pauses.push({ from: iso, to: null });
  const startsAt = to === CampaignStatus.Live && (!c.startsAt || c.startsAt > now) ? now : c.startsAt;
  const endsAt = to === CampaignStatus.Ended && (!c.endsAt || c.endsAt > now) ? now : c.endsAt;
  return { startsAt, endsAt, pauses };
}
