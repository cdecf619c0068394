import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SpreadEventEntity } from '@lib/persistence';
import { CreditSpreadV1, JobHandler, RecordSpreadV1 } from '@lib/queue';
import { LeaderboardStore } from './leaderboard.store';
import { SpreadRecorder } from './spread-recorder';

/** Credits counted rows in Redis (guarded, so at most once each), then notes it in Postgres. */
@Injectable()
export class SpreadCreditor {
  constructor(
    private readonly db: DataSource,
    private readonly board: LeaderboardStore,
  ) {}

  async credit(rows: SpreadEventEntity[]): Promise<void> {
    for (const row of rows) {
      if (row.status !== 'counted' || !row.campaignId) continue;
      await this.board.credit({ spreadEventId: row.id, campaignId: row.campaignId, actorId: row.actorId, weight: row.weight });
    }
    const ids = rows.map((r) => r.id);
    if (ids.length > 0) await this.db.query('UPDATE spread_event SET credited_at = now() WHERE id = ANY($1) AND credited_at IS NULL', [ids]);
  }
}

@Injectable()
export class RecordSpreadHandler implements JobHandler<'scoring.record-spread'> {
  constructor(
    private readonly recorder: SpreadRecorder,
    private readonly creditor: SpreadCreditor,
  ) {}

  async handle(data: RecordSpreadV1): Promise<void> {
    await this.creditor.credit(await this.recorder.record(data.workspaceId, data.eventId));
  }
}

@Injectable()
export class CreditSpreadHandler implements JobHandler<'scoring.credit-spread'> {
  constructor(
    private readonly db: DataSource,
    private readonly creditor: SpreadCreditor,
  ) {}

  async handle(data: CreditSpreadV1): Promise<void> {
    const row = await this.db.getRepository(SpreadEventEntity).findOneBy({ id: data.spreadEventId, workspaceId: data.workspaceId });
    if (row) await this.creditor.credit([row]);
  }
}
