import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CodeRedemptions, CodeTransfers, Redeemed, Transfer } from '@lib/codes';
import { CODE_REFUSAL_CATEGORY, CodeErrors, DomainError } from '@lib/domain';
import { IngestService } from '../ingest/ingest.service';
import { CodeCaller, CodeLockout } from './code-lockout';


/**
 * Codes used over HTTP: the lockout first (a locked-out participant or address is not even
 * looked up), then the service, then the outcome counted. Refusals become DomainErrors with the
 * CODE.* reason, so the client sees one stable code per outcome.
 */
@Injectable()
export class CodeUseService {
  private readonly logger = new Logger(CodeUseService.name);

  constructor(
    private readonly db: DataSource,
    private readonly redemptions: CodeRedemptions,
    private readonly transfers: CodeTransfers,
    private readonly lockout: CodeLockout,
    private readonly ingest: IngestService,
  ) {}

  async redeem(c: CodeCaller, code: string, participantId: string): Promise<Extract<Redeemed, { ok: true }>> {
    const keys = CodeLockout.keys(c, participantId);
    await this.lockout.guard(c, keys, 'redeem', participantId);
    const result = await this.redemptions.redeem({ workspaceId: c.workspaceId, campaignId: c.campaignId, participantId, code, address: c.address });
    await this.lockout.record(keys, result.ok ? 'REDEEMED' : result.reason);
    if (!result.ok) throw refusal(result.reason, result.codeId);
    return result;
  }

  /**
   * A gift is also a spread event on the giver's cascade: a `referral` of the recipient under
   * the giver's first counted post in the campaign, stored through the ingest path (durable,
   * then scored like any referral: depth + 1 under that post). Its idempotency key derives from
   * the code, so a retried transfer (which replays as success) records it at most once. A giver
   * with no counted post in the campaign has no cascade to extend: nothing is recorded.
   */
  async transfer(c: CodeCaller, code: string, fromParticipantId: string, toParticipantId: string): Promise<Extract<Transfer, { ok: true }> & { spreadEventId: string | null }> {
    if (fromParticipantId === toParticipantId) throw new DomainError(CodeErrors.SAME_PARTICIPANT, 'a code cannot be given to its own holder', 'validation');
    const keys = CodeLockout.keys(c, fromParticipantId);
    await this.lockout.guard(c, keys, 'transfer', fromParticipantId);
    const result = await this.transfers.transfer({ workspaceId: c.workspaceId, campaignId: c.campaignId, code, fromParticipantId, toParticipantId, address: c.address });
    await this.lockout.record(keys, result.ok ? 'TRANSFERRED' : result.reason);
    if (!result.ok) throw refusal(result.reason, result.codeId);
    return { ...result, spreadEventId: await this.recordGift(c, result.codeId, fromParticipantId, toParticipantId) };
  }

  private async recordGift(c: CodeCaller, codeId: string, from: string, to: string): Promise<string | null> {
    const [root] = (await this.db.query(
      `SELECT s.post_ref FROM spread_event s JOIN participant p ON p.id = s.actor_id
       WHERE s.workspace_id = $1 AND s.campaign_id = $2 AND p.workspace_id = $1 AND p.external_id = $3 AND s.status = 'counted' AND s.post_ref IS NOT NULL
       ORDER BY s.depth, s.occurred_at, s.id LIMIT 1`,
      [c.workspaceId, c.campaignId, from],
    )) as { post_ref: string }[];
    if (!root) return null;
    const key = `code-gift:${codeId}`;
    const data = { postId: key, parentPostId: root.post_ref, codeId, giftFrom: from };
    const res = await this.ingest.ingest(c.workspaceId, [{ idempotencyKey: key, type: 'referral', participantId: to, occurredAt: new Date().toISOString(), data }]);
    const [r] = res.results;
    // Not expected (a built-in type, our own fields); the gift stands, and a retried call records it.
    if (res.rejected > 0) this.logger.warn({ msg: 'gift spread event rejected', codeId, reason: r?.reason });
    return r?.eventId ?? null;
  }
}

function refusal(reason: keyof typeof CODE_REFUSAL_CATEGORY, codeId?: string): DomainError {
  return new DomainError(reason, `the code cannot be used: ${reason}`, CODE_REFUSAL_CATEGORY[reason], codeId ? { codeId } : undefined);
}
