import { USABLE_BY } from './classify';

/** Inserts codes (hashes) of one pool; returns the hashes that collided with a stored code, to be drawn again. */
export const INSERT_CODES = (returnIds: boolean) => `
  WITH ins AS (
    INSERT INTO invite_code (workspace_id, campaign_id, pool_id, batch_id, code_hash, state, allocated_to, holder, expires_at)
    SELECT $1, $2, $3, $4, h, $5, $6, $6, $7 FROM unnest($8::text[]) AS h
    ON CONFLICT (workspace_id, code_hash) DO NOTHING
    RETURNING id, code_hash
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref)
    SELECT $1, ins.id, $3, k.kind, $6 FROM ins CROSS JOIN unnest($9::text[]) WITH ORDINALITY AS k(kind, n) ORDER BY ins.id, k.n
  )
  ${returnIds ? 'SELECT id, code_hash FROM ins' : 'SELECT h AS code_hash FROM unnest($8::text[]) AS h WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.code_hash = h)'}`;

/** Capacity: the pool's counter moves only while it stays within capacity (the row lock orders racing calls). */
export const TAKE_CAPACITY = `UPDATE code_pool SET issued = issued + $2, updated_at = now()
  WHERE id = $1 AND (capacity IS NULL OR issued + $2 <= capacity) RETURNING issued`;

export const LOCK_PARTICIPANT = `SELECT pg_advisory_xact_lock(hashtext('canyu:code-alloc:' || $1 || ':' || $2))`;
export const COUNT_ALLOCATED = `SELECT count(*)::int AS n FROM invite_code WHERE pool_id = $1 AND allocated_to = $2`;

/**
 * Reserve for a purchase: the same participant reserving again gets the same reservation,
 * held anew. $1 ws, $2 hash, $3 campaign, $4 participant, $5 sku.
 */
export const RESERVE = `
  WITH res AS (
    UPDATE invite_code c SET state = 'reserved',
      reservation_id = CASE WHEN c.state = 'reserved' AND c.reserved_by = $4 AND c.reserved_until > now() THEN c.reservation_id ELSE gen_random_uuid() END,
      reserved_by = $4, reserved_until = now() + make_interval(secs => p.hold_seconds), hold_until = now() + make_interval(secs => p.hold_seconds), reserved_sku = $5
    FROM code_pool p
    WHERE p.id = c.pool_id AND c.workspace_id = $1 AND c.code_hash = $2 AND c.campaign_id = $3 AND ${USABLE_BY('$4', 'now()')}
      AND ($5::text IS NULL OR p.skus IS NULL OR $5 = ANY (p.skus))
    RETURNING c.id, c.workspace_id, c.pool_id, c.reservation_id, c.reserved_until
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref, detail)
    SELECT workspace_id, id, pool_id, 'reserved', $4, jsonb_build_object('reservationId', reservation_id, 'sku', $5::text, 'until', reserved_until) FROM res
  )
  SELECT id, reservation_id, reserved_until FROM res`;

/** A code as the refusal rules see it, with its pool's products. */
export const LOOK_UP = `SELECT c.id, c.campaign_id, c.state, c.holder, c.reserved_by, c.reserved_until, c.expires_at, c.transferred_at, p.skus
  FROM invite_code c JOIN code_pool p ON p.id = c.pool_id WHERE c.workspace_id = $1 AND c.code_hash = $2`;

/**
 * A purchase consumes its reservation: made before the hold ended (business time), and the
 * code not reserved again since (the reservation id is kept through a release). $1 ws,
 * $2 where-clause value, $3 occurredAt, $4 detail.
 */
export const CONSUME = (by: 'reservation_id' | 'code_hash') => `
  WITH used AS (
    UPDATE invite_code c SET state = 'redeemed', redeemed_by = c.reserved_by, redeemed_at = $3, holder = coalesce(c.holder, c.reserved_by), hold_until = NULL
    WHERE c.workspace_id = $1 AND c.${by} = $2 AND c.reservation_id IS NOT NULL
      AND c.state IN ('reserved', 'issued', 'allocated') AND $3 < c.reserved_until
      AND c.reserved_by = $5
    RETURNING c.id, c.workspace_id, c.pool_id, c.reserved_by, c.reservation_id
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref, detail)
    SELECT workspace_id, id, pool_id, 'redeemed', reserved_by, $4::jsonb || jsonb_build_object('reservationId', reservation_id) FROM used
  )
  SELECT id, reservation_id FROM used`;

/** Reservations past their hold go back to their holder (or to whoever has the code). */
export const RELEASE_DUE = `
  WITH due AS (
    SELECT id FROM invite_code WHERE hold_until <= $1 AND state = 'reserved' ORDER BY hold_until LIMIT $2 FOR UPDATE SKIP LOCKED
  ), rel AS (
    UPDATE invite_code c SET state = CASE WHEN c.holder IS NULL THEN 'issued' ELSE 'allocated' END, hold_until = NULL
    FROM due WHERE c.id = due.id RETURNING c.id, c.workspace_id, c.pool_id, c.reserved_by, c.reservation_id
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref, detail)
    SELECT workspace_id, id, pool_id, 'released', reserved_by, jsonb_build_object('reservationId', reservation_id, 'reason', 'HOLD_ENDED') FROM rel
  )
  SELECT count(*)::int AS n FROM rel`;

/** The gate gives a reservation back before its hold ends (checkout abandoned). $1 ws, $2 reservation, $3 reason. */
export const RELEASE_ONE = `
  WITH rel AS (
    UPDATE invite_code c SET state = CASE WHEN c.holder IS NULL THEN 'issued' ELSE 'allocated' END, hold_until = NULL, reserved_until = now()
    WHERE c.workspace_id = $1 AND c.reservation_id = $2 AND c.state = 'reserved'
    RETURNING c.id, c.workspace_id, c.pool_id, c.reserved_by, c.reservation_id
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref, detail)
    SELECT workspace_id, id, pool_id, 'released', reserved_by, jsonb_build_object('reservationId', reservation_id, 'reason', $3::text) FROM rel
  )
  SELECT id FROM rel`;

/** Pools past their expiry whose codes are not all marked yet (code_pool is small: no index). */
export const EXPIRED_POOLS = `SELECT id FROM code_pool WHERE expires_at <= $1 AND codes_expired_at IS NULL ORDER BY expires_at LIMIT 20`;

/** Up to $2 unused codes of pool $1 become `expired`, with a history row each. */
export const EXPIRE_POOL_CODES = `
  WITH due AS (
    SELECT id FROM invite_code WHERE pool_id = $1 AND state IN ('issued', 'allocated') LIMIT $2 FOR UPDATE SKIP LOCKED
  ), ex AS (
    UPDATE invite_code c SET state = 'expired', hold_until = NULL FROM due WHERE c.id = due.id RETURNING c.id, c.workspace_id, c.pool_id
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind) SELECT workspace_id, id, pool_id, 'expired' FROM ex
  )
  SELECT count(*)::int AS n FROM ex`;

/** Marks the pool done once a pass found nothing left to expire (a reserved code is not expired: its hold ends first). */
export const POOL_EXPIRED = `UPDATE code_pool SET codes_expired_at = $2 WHERE id = $1 AND NOT EXISTS (
  SELECT 1 FROM invite_code WHERE pool_id = $1 AND state IN ('issued', 'allocated', 'reserved'))`;

/** Gift once: from its holder (or whoever has an unbound code) to another participant. $1 ws, $2 hash, $3 campaign, $4 from, $5 to. */
export const TRANSFER = `
  WITH moved AS (
    UPDATE invite_code c SET holder = $5, transferred_at = now(), state = 'allocated', hold_until = NULL,
      -- An ended hold of the giver's no longer names the code: a late purchase of theirs cannot take the gift.
      reservation_id = NULL, reserved_by = NULL, reserved_until = NULL, reserved_sku = NULL
    WHERE c.workspace_id = $1 AND c.code_hash = $2 AND c.campaign_id = $3 AND c.transferred_at IS NULL
      AND ${USABLE_BY('$4', 'now()')} AND NOT (c.state = 'reserved' AND c.reserved_until > now())
    RETURNING c.id, c.workspace_id, c.pool_id
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref, detail)
    SELECT workspace_id, id, pool_id, 'transferred', $5, jsonb_build_object('from', $4::text) FROM moved
  )
  SELECT id, pool_id FROM moved`;
