import { Injectable, Logger } from '@nestjs/common';
import { DelayedError } from 'bullmq';
import { DataSource } from 'typeorm';
import { ChannelRegistry } from '@lib/channels';
import { DomainError, frequencyCapRelease, quietHoursEnd } from '@lib/domain';
import { CampaignEntity, OutboundMessageEntity, ParticipantEntity, WorkspaceEntity } from '@lib/persistence';
import { JobHandler, JobRun, SendMessageV1 } from '@lib/queue';

type Claim = { kind: 'send'; message: OutboundMessageEntity } | { kind: 'defer'; until: Date } | { kind: 'skip' };

/**
 * Sends one message through its channel adapter. Quiet hours (campaign zone) and the
 * campaign's per-participant frequency cap defer the job to when it may go, never drop it. The cap
 * check and the claim happen under a per-participant advisory lock, so concurrent sends
 * cannot both squeeze under the cap.
 */
@Injectable()
export class SendMessageHandler implements JobHandler<'outreach.send'> {
  private readonly logger = new Logger(SendMessageHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly channels: ChannelRegistry,
  ) {}

  async handle(data: SendMessageV1, run: JobRun): Promise<void> {
    const claim = await this.claim(data);
    if (claim.kind === 'skip') return;
    if (claim.kind === 'defer') {
      await this.db.manager.update(OutboundMessageEntity, { id: data.messageId }, { deferredUntil: claim.until });
      await run.job.moveToDelayed(claim.until.getTime(), run.token);
      throw new DelayedError();
    }
    const message = claim.message;
    const [participant, workspace] = await Promise.all([
      this.db.getRepository(ParticipantEntity).findOneByOrFail({ id: message.participantId }),
      this.db.getRepository(WorkspaceEntity).findOneByOrFail({ id: message.workspaceId }),
    ]);
    try {
      await this.channels.get(message.channel).send({
        messageId: message.id,
        workspaceId: message.workspaceId,
        campaignId: message.campaignId,
        participantRef: participant.externalId,
        purpose: message.purpose,
        body: message.body,
        endpoint: workspace.webhookUrl,
      });
    } catch (err) {
      const final = err instanceof DomainError || run.job.attemptsMade + 1 >= (run.job.opts.attempts ?? 1);
      await this.db.manager.update(OutboundMessageEntity, { id: message.id }, {
        sentAt: null,
        lastError: (err as Error).message.slice(0, 500),
        status: final ? 'failed' : 'pending',
      });
      throw err;
    }
    await this.db.manager.update(OutboundMessageEntity, { id: message.id }, { status: 'sent', lastError: null });
    this.logger.log({ msg: 'message sent', messageId: message.id, channel: message.channel, purpose: message.purpose });
  }

  private claim(data: SendMessageV1): Promise<Claim> {
    return this.db.transaction(async (tx): Promise<Claim> => {
      const message = await tx.getRepository(OutboundMessageEntity).findOneBy({ id: data.messageId, workspaceId: data.workspaceId });
      if (!message || message.status !== 'pending') return { kind: 'skip' };
      const campaign = await tx.getRepository(CampaignEntity).findOneByOrFail({ id: message.campaignId });
      const now = new Date();
      // Held by quiet hours or the cap until after its deadline: sending now would invite
      // someone to something already closed. The activity's deadline job records why.
      if (message.expiresAt && message.expiresAt <= now) {
        await tx.update(OutboundMessageEntity, { id: message.id }, { status: 'expired', lastError: 'DEADLINE_PASSED_BEFORE_SEND' });
        return { kind: 'skip' };
      }
      const quietUntil = quietHoursEnd(now, campaign.quietHours, campaign.timezone);
      if (quietUntil) return { kind: 'defer', until: quietUntil };
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cap:${message.participantId}`]);
      if (campaign.frequencyCap) {
        const since = new Date(now.getTime() - campaign.frequencyCap.perHours * 3_600_000);
        const recent: { sent_at: Date }[] = await tx.query(
          'SELECT sent_at FROM outbound_message WHERE participant_id = $1 AND campaign_id = $2 AND sent_at > $3 AND id <> $4',
          [message.participantId, message.campaignId, since, message.id],
        );
        const release = frequencyCapRelease(now, recent.map((r) => r.sent_at), campaign.frequencyCap);
        if (release) return { kind: 'defer', until: release };
      }
      // sent_at marks the claim: it counts against the cap from here on, even mid-send.
      await tx.update(OutboundMessageEntity, { id: message.id }, { sentAt: now, attempts: message.attempts + 1, deferredUntil: null });
      return { kind: 'send', message };
    });
  }
}
