import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SpreadEventEntity } from '@lib/persistence';
import { CreditSpreadV1, JobHandler, RecordSpreadBatchV1, RecordSpreadV1 } from '@lib/queue';
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
    const due = rows.filter((r) => r.status === 'counted' && r.campaignId);
    await this.board.creditMany(due.map((r) => ({ spreadEventId: r.id, campaignId: r.campaignId!, actorId: r.actorId, weight: r.weight, occurredAt: r.occurredAt })));
    const ids = due.map((r) => r.id);
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
    await this.creditor.credit(await this.recorder.record(data.workspaceId, [data.eventId]));
  }
}

/** Reposts and follows of one ingest batch, recorded in one transaction. */
@Injectable()
export class RecordSpreadBatchHandler implements JobHandler<'scoring.record-spread-batch'> {
  constructor(
    private readonly recorder: SpreadRecorder,
    private readonly creditor: SpreadCreditor,
  ) {}

  async handle(data: RecordSpreadBatchV1): Promise<void> {
    await this.creditor.credit(await this.recorder.record(data.workspaceId, data.eventIds));
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
