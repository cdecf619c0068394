import { Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { CodeErrors, CodeRefusal } from '@lib/domain';
import { CodeRow, CodeSnapshot, refusalOf, snapshotOf, USABLE_BY } from './classify';

export interface RedeemKey {
  workspaceId: string;
  campaignId: string;
  participantId: string;
  hash: string;
}

export type Redeemed = { ok: true; codeId: string; poolId: string; redeemedAt: Date } | { ok: false; reason: CodeRefusal; codeId?: string };

interface Pending {
  key: RedeemKey;
  resolve: (r: Redeemed) => void;
  reject: (e: unknown) => void;
}

interface Row {
  i: number;
  won_id: string | null;
  redeemed_at: Date | null;
  id: string | null;
  pool_id: string | null;
  campaign_id: string;
  state: CodeSnapshot['state'];
  holder: string | null;
  reserved_by: string | null;
  reserved_until: Date | null;
  expires_at: Date | null;
}

// One statement per batch: the conditional UPDATE (a code goes to one request however many race,
// in this batch or any other transaction), its history rows, and a look at every code asked for.
const REDEEM = `
  WITH r AS (
    SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::uuid[], $5::text[]) AS r(i, ws, h, campaign_id, who)
  ), won AS (
    UPDATE invite_code c SET state = 'redeemed', redeemed_by = r.who, redeemed_at = now(), holder = coalesce(c.holder, r.who), hold_until = NULL
    FROM r
    WHERE c.workspace_id = r.ws AND c.code_hash = r.h AND c.campaign_id = r.campaign_id AND ${USABLE_BY('r.who', 'now()')}
    RETURNING c.id, c.workspace_id, c.pool_id, c.redeemed_at, r.i, r.who
  ), hist AS (
    INSERT INTO code_event (workspace_id, code_id, pool_id, kind, participant_ref)
    SELECT workspace_id, id, pool_id, 'redeemed', who FROM won
  )
  SELECT w.i, w.id AS won_id, w.redeemed_at, w.id, w.pool_id, NULL AS campaign_id, NULL AS state, NULL AS holder, NULL AS reserved_by, NULL AS reserved_until, NULL AS expires_at
  FROM won w
  UNION ALL
  SELECT r.i, NULL, NULL, c.id, c.pool_id, c.campaign_id, c.state, c.holder, c.reserved_by, c.reserved_until, c.expires_at
  FROM r LEFT JOIN invite_code c ON c.workspace_id = r.ws AND c.code_hash = r.h
  WHERE NOT EXISTS (SELECT 1 FROM won w WHERE w.i = r.i)`;

// Requests that lost a race to another transaction saw the code still usable in the statement's snapshot: look again.
const LOOK = `SELECT r.i, c.id, c.campaign_id, c.state, c.holder, c.reserved_by, c.reserved_until, c.expires_at
  FROM unnest($1::int[], $2::uuid[], $3::text[]) AS r(i, ws, h) LEFT JOIN invite_code c ON c.workspace_id = r.ws AND c.code_hash = r.h`;

const DEADLOCK = '40P01';
const isDeadlock = (err: unknown) => err instanceof QueryFailedError && (err.driverError as { code?: string }).code === DEADLOCK;

/**
 * Group commit for redemptions: requests arriving while up to `maxInFlight` statements run
 * are coalesced into the next one (at most `maxBatch`), so under load one round trip and one
 * WAL flush serve hundreds of redemptions, and an idle request still goes at once. Correctness
 * never depends on the batching: each code moves by a conditional UPDATE on its unique row.
 */
export class RedeemBatcher {
  private readonly logger = new Logger(RedeemBatcher.name);
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly db: DataSource,
    private readonly maxBatch = 2500,
    private readonly maxInFlight = 2,
  ) {}

  submit(key: RedeemKey): Promise<Redeemed> {
    return new Promise((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // One macrotask of gathering: every request made in this turn of the event loop joins.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async run(batch: Pending[]): Promise<void> {
    try {
      const results = await this.redeemWithRetry(batch.map((p) => p.key));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      this.logger.warn({ msg: 'redemption batch failed', size: batch.length, error: (err as Error).message });
      for (const p of batch) p.reject(err);
    }
  }

  private async redeemWithRetry(keys: RedeemKey[]): Promise<Redeemed[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.redeem(keys);
      } catch (err) {
        // The statement is atomic: a deadlock victim changed nothing and runs again.
        if (attempt >= 3 || !isDeadlock(err)) throw err;
      }
    }
  }

  /**
   * Redeems `keys` now, without batching (the bench and tests call it directly). A code asked
   * for twice in one call goes to the first asker in one statement; the repeats follow in the
   * next, which sees it used.
   */
  async redeem(keys: RedeemKey[]): Promise<Redeemed[]> {
    const seen = new Set<string>();
    const first: number[] = [];
    const repeats: number[] = [];
    keys.forEach((k, i) => {
      const id = `${k.workspaceId}:${k.hash}`;
      (seen.has(id) ? repeats : first).push(i);
      seen.add(id);
    });
    const out = new Array<Redeemed>(keys.length);
    const once = await this.redeemDistinct(first.map((i) => keys[i]));
    first.forEach((i, k) => (out[i] = once[k]));
    if (repeats.length > 0) {
      const again = await this.redeem(repeats.map((i) => keys[i]));
      repeats.forEach((i, k) => (out[i] = again[k]));
    }
    return out;
  }

  /** One statement for keys naming distinct codes. */
  private async redeemDistinct(keys: RedeemKey[]): Promise<Redeemed[]> {
    // Hash order, so two batches sharing codes lock them in the same order.
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a].hash < keys[b].hash ? -1 : keys[a].hash > keys[b].hash ? 1 : 0));
    const col = <T>(pick: (k: RedeemKey) => T) => order.map((i) => pick(keys[i]));
    const rows = (await this.db.query(REDEEM, [order, col((k) => k.workspaceId), col((k) => k.hash), col((k) => k.campaignId), col((k) => k.participantId)])) as Row[];
    const out = new Array<Redeemed | undefined>(keys.length);
    const now = new Date();
    for (const r of rows) {
      if (r.won_id) out[r.i] = { ok: true, codeId: r.won_id, poolId: r.pool_id!, redeemedAt: r.redeemed_at! };
      else out[r.i] = this.refused(r.id ? snapshotOf(r as CodeRow) : undefined, keys[r.i], now, r.id);
    }
    const lost = out.flatMap((o, i) => (o === undefined ? [i] : []));
    if (lost.length > 0) await this.lookAgain(keys, lost, out);
    return out as Redeemed[];
  }

  private refused(row: CodeSnapshot | undefined, key: RedeemKey, now: Date, id: string | null): Redeemed | undefined {
    const reason = refusalOf(row, key.campaignId, key.participantId, now);
    // Null: usable in the statement's snapshot, so another transaction (or a twin in this batch) took it first.
    if (reason === null) return undefined;
    return { ok: false, reason, ...(id && reason !== CodeErrors.UNKNOWN ? { codeId: id } : {}) };
  }

  private async lookAgain(keys: RedeemKey[], lost: number[], out: (Redeemed | undefined)[]): Promise<void> {
    const rows = (await this.db.query(LOOK, [lost, lost.map((i) => keys[i].workspaceId), lost.map((i) => keys[i].hash)])) as (CodeRow & { i: number })[];
    const now = new Date();
    for (const row of rows) {
      const key = keys[row.i];
      const reason = row.id ? refusalOf(snapshotOf(row), key.campaignId, key.participantId, now) : CodeErrors.UNKNOWN;
      // Still usable after the race: taken and given back in between (a reservation released); it was not free when asked.
      out[row.i] = { ok: false, reason: reason ?? CodeErrors.ALREADY_USED, ...(row.id && reason !== CodeErrors.UNKNOWN ? { codeId: row.id } : {}) };
    }
  }
}
