import { DataSource } from 'typeorm';

/**
 * Follow outcomes from the follower book. New followers are unique people whose first follow
 * of a brand account is attributed to the campaign; a later follow of the same account by the
 * same person is ALREADY_FOLLOWING.
 */
export async function campaignFollowFigures(db: DataSource, campaignId: string): Promise<{ newFollowers: number; alreadyFollowing: number }> {
  const [row]: { new_followers: number; already: number }[] = await db.query(
    `SELECT count(DISTINCT f.participant_id) FILTER (WHERE f.inbound_event_id = a.inbound_event_id)::int AS new_followers,
            count(*) FILTER (WHERE f.inbound_event_id <> a.inbound_event_id)::int AS already
     FROM follow_attribution a
     JOIN spread_event s ON s.inbound_event_id = a.inbound_event_id
     JOIN follower f ON f.workspace_id = s.workspace_id AND f.account = s.account AND f.participant_id = s.actor_id
     WHERE a.campaign_id = $1`,
    [campaignId],
  );
  return { newFollowers: Number(row?.new_followers ?? 0), alreadyFollowing: Number(row?.already ?? 0) };
}

/** Spread events of the workspace that no campaign counts, by reason (waiting ones included). */
export async function workspaceNotCounted(db: DataSource, workspaceId: string): Promise<Record<string, number>> {
  const rows: { reason: string; n: number }[] = await db.query(
    `SELECT reason, count(*)::int AS n FROM spread_event
     WHERE workspace_id = $1 AND campaign_id IS NULL AND status <> 'counted' GROUP BY reason
     UNION ALL
     SELECT 'ALREADY_FOLLOWING', count(*)::int FROM spread_event s
     JOIN follower f ON f.workspace_id = s.workspace_id AND f.account = s.account AND f.participant_id = s.actor_id
     WHERE s.workspace_id = $1 AND s.kind = 'follow' AND s.campaign_id IS NULL AND s.status = 'counted' AND f.inbound_event_id <> s.inbound_event_id
     ORDER BY 1`,
    [workspaceId],
  );
  return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [r.reason, Number(r.n)]));
}
