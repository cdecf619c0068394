import { SpreadEventEntity } from '@lib/persistence';

const RANK: Record<string, number> = { counted: 0, pending_parent: 1, rejected: 2 };

/**
 * Post id → the row that stands for it. Several rows may share a post id (a rejected
 * duplicate beside the counted original); the live one wins.
 */
export class PostIndex {
  private readonly byRef = new Map<string, SpreadEventEntity>();

  constructor(rows: Iterable<SpreadEventEntity> = []) {
    for (const row of rows) this.offer(row);
  }

  offer(row: SpreadEventEntity): void {
    if (!row.postRef) return;
    const current = this.byRef.get(row.postRef);
    if (!current || RANK[row.status] < RANK[current.status]) this.byRef.set(row.postRef, row);
  }

  get(ref: string | null): SpreadEventEntity | null {
    return ref ? (this.byRef.get(ref) ?? null) : null;
  }
}
