import { Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Attempt {
  workspaceId: string;
  campaignId: string;
  action: 'redeem' | 'reserve' | 'transfer';
  participantId: string;
  address: string | null;
  /** First 8 hex digits of the code's keyed hash; null when the input was not a code. */
  hashPrefix: string | null;
  outcome: string;
  at: Date;
}

const INSERT = `INSERT INTO code_attempt (workspace_id, campaign_id, action, participant_ref, address, hash_prefix, outcome, at)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])`;

/**
 * Every attempt on a code, written in batches (one INSERT per `flushMs` or `maxRows`) off the
 * redemption's path. The outcome itself is in invite_code and code_event, written with the
 * change; what a crash can lose is the last fraction of a second of attempt rows.
 */
export class AttemptLog implements OnModuleDestroy {
  private readonly logger = new Logger(AttemptLog.name);
  private buffer: Attempt[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly flushMs = 100,
    private readonly maxRows = 5000,
  ) {}

  note(a: Attempt): void {
    this.buffer.push(a);
    if (this.buffer.length >= this.maxRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }

  /** Writes what is buffered; resolves when every attempt noted so far is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.buffer;
    this.buffer = [];
    if (rows.length > 0) {
      const col = <T>(pick: (a: Attempt) => T) => rows.map(pick);
      this.writing = this.writing.then(() =>
        this.db
          .query(INSERT, [col((a) => a.workspaceId), col((a) => a.campaignId), col((a) => a.action), col((a) => a.participantId), col((a) => a.address), col((a) => a.hashPrefix), col((a) => a.outcome), col((a) => a.at)])
          .then(() => undefined)
          .catch((err: Error) => this.logger.warn({ msg: 'writing code attempts failed', rows: rows.length, error: err.message })),
      );
    }
    return this.writing;
  }
}
