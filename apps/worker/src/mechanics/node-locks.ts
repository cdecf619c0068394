import { EntityManager } from 'typeorm';
import { LockKey } from '@lib/mechanics';

/**
 * Takes a node input's lock keys for the transaction, in ascending hash order in one statement,
 * so two inputs sharing keys never wait for each other crosswise. A key named both shared and
 * exclusive (or two keys with one hash) is taken exclusively.
 */
export async function lockNodeKeys(tx: EntityManager, nodeId: string, keys: LockKey | readonly LockKey[]): Promise<void> {
  const list = (Array.isArray(keys) ? keys : [keys]) as LockKey[];
  const names = list.map((k) => `node:${nodeId}:${typeof k === 'string' ? k : k.key}`);
  const exclusive = list.map((k) => typeof k === 'string');
  await tx.query(
    `SELECT count(CASE WHEN s.ex THEN pg_advisory_xact_lock(s.h)::text ELSE pg_advisory_xact_lock_shared(s.h)::text END)
     FROM (SELECT hashtext(k) AS h, bool_or(ex) AS ex FROM unnest($1::text[], $2::boolean[]) AS t(k, ex) GROUP BY 1 ORDER BY 1) s`,
    [names, exclusive],
  );
}
