import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatus } from '@lib/domain';

/**
 * Starts scheduled campaigns at startsAt and ends live or paused ones at endsAt, with an
 * audit record each. One conditional UPDATE per rule, so replicas racing do no harm.
 */
@Injectable()
export class CampaignClock {
  private readonly logger = new Logger(CampaignClock.name);

  constructor(private readonly db: DataSource) {}

  async tick(now = new Date()): Promise<{ started: number; ended: number }> {
    const started = await this.move([CampaignStatus.Scheduled], CampaignStatus.Live, 'starts_at', now);
    const ended = await this.move([CampaignStatus.Live, CampaignStatus.Paused], CampaignStatus.Ended, 'ends_at', now);
    if (started + ended > 0) this.logger.log({ msg: 'campaign clock moved campaigns', started, ended });
    return { started, ended };
  }

  private async move(from: CampaignStatus[], to: CampaignStatus, column: 'starts_at' | 'ends_at', now: Date): Promise<number> {
    const rows: { id: string; workspace_id: string; status: string }[] = await this.db.query(
      `WITH moved AS (
         UPDATE campaign SET status = $1, updated_at = now(), version = version + 1
         WHERE status = ANY($2) AND ${column} IS NOT NULL AND ${column} <= $3
         RETURNING id, workspace_id)
       INSERT INTO audit_log (workspace_id, action, target_type, target_id, details)
       SELECT workspace_id, 'campaign.transition', 'campaign', id::text, jsonb_build_object('to', $1::text, 'by', 'schedule') FROM moved
       RETURNING target_id AS id, workspace_id, $1::text AS status`,
      [to, from, now],
    );
    return rows.length;
  }
}
