import { EntityManager } from 'typeorm';

export interface RingPosition {
  name: string;
  /** 1 = innermost. */
  position: number;
}

/**
 * The contract other modules read (node rollout ring by ring): a workspace's rings, inner to
 * outer. Together with `participant.circle` (the member's current ring) it is all they need.
 */
export async function ringsInOrder(tx: EntityManager, workspaceId: string): Promise<RingPosition[]> {
  const rows: { name: string; position: number }[] = await tx.query(
    `SELECT name, position FROM circle_ring WHERE workspace_id = $1 ORDER BY position`,
    [workspaceId],
  );
  return rows.map((r) => ({ name: r.name, position: Number(r.position) }));
}
