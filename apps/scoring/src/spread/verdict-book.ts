import { EntityManager } from 'typeorm';
import { MechanicInputResult } from '@lib/persistence';

/**
 * Mechanic verdicts on spread events, read from the mechanic runtime's table (scoring never
 * writes it). An event addressed to several nodes counts when any of them accepted it.
 */
export async function loadVerdicts(tx: EntityManager, eventIds: string[]): Promise<Map<string, MechanicInputResult>> {
  const rows: {
    event_id: string;
    activity_id: string | null;
    campaign_id: string | null;
    accepted: boolean;
    reason: string | null;
    channel: string | null;
    spread: MechanicInputResult['spread'] | null;
  }[] = await tx.query(
    `SELECT event_id, activity_id, campaign_id, accepted, reason, channel, CASE WHEN accepted THEN detail->'spread' END AS spread FROM mechanic_input
     WHERE event_id = ANY($1) AND state = 'judged' ORDER BY accepted DESC, judged_at, id`,
    [eventIds],
  );
  const out = new Map<string, MechanicInputResult>();
  for (const r of rows) {
    if (out.has(r.event_id)) continue;
    out.set(r.event_id, {
      activityId: r.activity_id,
      campaignId: r.campaign_id ?? '',
      accepted: r.accepted,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.channel ? { channel: r.channel } : {}),
      ...(r.spread ? { spread: r.spread } : {}),
    });
  }
  return out;
}
