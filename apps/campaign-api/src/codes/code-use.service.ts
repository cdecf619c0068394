import { Injectable, Logger } from '@nestjs/common';
import { CodeRedemptions, CodeTransfers, Redeemed, Transfer } from '@lib/codes';
import { CODE_REFUSAL_CATEGORY, CodeErrors, DomainError } from '@lib/domain';
import { IngestService } from '../ingest/ingest.service';
import { CodeLockout } from './code-lockout';

export interface Caller {
  workspaceId: string;
  campaignId: string;
  address: string;
}

/**
 * Codes used over HTTP: the lockout first (a locked-out participant or address is not even
 * looked up), then the service, then the outcome counted. Refusals become DomainErrors with the
 * CODE.* reason, so the client sees one stable code per outcome.
 */
@Injectable()
export class CodeUseService {
  private readonly logger = new Logger(CodeUseService.name);

  constructor(
    private readonly redemptions: CodeRedemptions,
    private readonly transfers: CodeTransfers,
    private readonly lockout: CodeLockout,
    private readonly ingest: IngestService,
  ) {}

  async redeem(c: Caller, code: string, participantId: string): Promise<Extract<Redeemed, { ok: true }>> {
    const keys = CodeLockout.keys(c.workspaceId, c.campaignId, participantId, c.address);
    await this.lockout.assertAllowed(keys);
    const result = await this.redemptions.redeem({ workspaceId: c.workspaceId, campaignId: c.campaignId, participantId, code, address: c.address });
    await this.lockout.record(keys, result.ok ? 'REDEEMED' : result.reason);
    if (!result.ok) throw refusal(result.reason, result.codeId);
    return result;
  }

  /**
   * A gift is also a spread event of the giver: a `referral` event stored through the ingest
   * path (durable, then scored like any referral) under the idempotency key
   * `code-gift:<codeId>`, so a retried transfer, which replays as success, records it at most once.
   */
  async transfer(c: Caller, code: string, fromParticipantId: string, toParticipantId: string): Promise<Extract<Transfer, { ok: true }>> {
    if (fromParticipantId === toParticipantId) throw new DomainError(CodeErrors.SAME_PARTICIPANT, 'a code cannot be given to its own holder', 'validation');
    const keys = CodeLockout.keys(c.workspaceId, c.campaignId, fromParticipantId, c.address);
    await this.lockout.assertAllowed(keys);
    const result = await this.transfers.transfer({ workspaceId: c.workspaceId, campaignId: c.campaignId, code, fromParticipantId, toParticipantId, address: c.address }, this.redemptions.attempts);
    await this.lockout.record(keys, result.ok ? 'TRANSFERRED' : result.reason);
    if (!result.ok) throw refusal(result.reason, result.codeId);
    await this.recordGift(c.workspaceId, result.codeId, fromParticipantId, toParticipantId);
    return result;
  }

  private async recordGift(workspaceId: string, codeId: string, from: string, to: string): Promise<void> {
    const event = {
      idempotencyKey: `code-gift:${codeId}`,
      type: 'referral',
      participantId: from,
      occurredAt: new Date().toISOString(),
      data: { postId: `code-gift:${codeId}`, codeId, giftTo: to },
    };
    const res = await this.ingest.ingest(workspaceId, [event]);
    // Not expected (a built-in type, our own fields); the gift stands, and a retried call records it.
    if (res.rejected > 0) this.logger.warn({ msg: 'gift spread event rejected', codeId, reason: res.results[0]?.reason });
  }
}

function refusal(reason: keyof typeof CODE_REFUSAL_CATEGORY, codeId?: string): DomainError {
  return new DomainError(reason, `the code cannot be used: ${reason}`, CODE_REFUSAL_CATEGORY[reason], codeId ? { codeId } : undefined);
}
