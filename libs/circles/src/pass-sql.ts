/**
 * Candidate queries of the promotion and demotion passes. Each reads one ring's members at the
 * pass's business time ($asOf) and returns at most $limit of them, so a pass is bounded.
 */

/**
 * Members of the source ring ($2) with what they earned since they entered it: completed
 * activities (business time of the completing event, else of the trigger) and counted spread.
 * Pre-filtered by the rule's thresholds ($5..$7, null = not set; $8 = true for 'all'), the same
 * criteria evaluatePromotion then decides on, and excluding those already waiting for a seat.
 */
export const PROMOTION_CANDIDATES = `
SELECT m.participant_id, m.since, s.points, s.spread
FROM circle_member m
CROSS JOIN LATERAL (
  SELECT
    (SELECT count(*) FROM activity a LEFT JOIN inbound_event e ON e.id = a.completed_event_id
      WHERE a.participant_id = m.participant_id AND a.workspace_id = $1 AND a.state = 'completed'
        AND coalesce(e.occurred_at, a.triggered_at) >= m.since AND coalesce(e.occurred_at, a.triggered_at) < $3::timestamptz)::int AS points,
    (SELECT coalesce(sum(se.weight), 0) FROM spread_event se
      WHERE se.actor_id = m.participant_id AND se.workspace_id = $1 AND se.status = 'counted'
        AND se.occurred_at >= m.since AND se.occurred_at < $3)::float8 AS spread
) s
WHERE m.workspace_id = $1 AND m.circle = $2 AND m.since <= $3
  AND NOT EXISTS (SELECT 1 FROM circle_admission q WHERE q.ring_id = $9::uuid AND q.participant_id = m.participant_id AND q.state = 'waitlisted')
  AND (
    CASE WHEN $8::boolean THEN
      ($5::int IS NULL OR s.points >= $5::int) AND ($6::float8 IS NULL OR s.spread >= $6::float8)
        AND ($7::float8 IS NULL OR m.since <= $3::timestamptz - make_interval(secs => $7::float8 * 86400))
    ELSE
      ($5::int IS NOT NULL AND s.points >= $5::int) OR ($6::float8 IS NOT NULL AND s.spread >= $6::float8)
        OR ($7::float8 IS NOT NULL AND m.since <= $3::timestamptz - make_interval(secs => $7::float8 * 86400))
    END)
ORDER BY m.since, m.participant_id
LIMIT $4::int`;

/** Members of ring $2 with no event for $4 days (business time) since the later of their last event and joining. */
export const INACTIVE_MEMBERS = `
SELECT m.participant_id, m.since, last.at AS last_event_at
FROM circle_member m
LEFT JOIN LATERAL (
  SELECT max(e.occurred_at) AS at FROM inbound_event e WHERE e.participant_id = m.participant_id AND e.workspace_id = $1 AND e.occurred_at < $3
) last ON true
WHERE m.workspace_id = $1 AND m.circle = $2
  AND greatest(m.since, coalesce(last.at, m.since)) <= $3::timestamptz - make_interval(days => $4::int)
ORDER BY m.since, m.participant_id
LIMIT $5::int`;
