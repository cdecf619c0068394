import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CodeErrors, CodeRefusal, readCode } from '@lib/domain';
import { AttemptLog } from './attempt-log';
import { CodeRow, refusalOf, snapshotOf } from './classify';
import { CodeHasher } from './code-hasher';
import * as sql from './code-sql';

export interface TransferRequest {
  workspaceId: string;
  campaignId: string;
  code: string;
  fromParticipantId: string;
  toParticipantId: string;
  address?: string | null;
}

/** `replayed`: this very transfer had already happened (a retried call); the caller repeats its after-effects idempotently. */
export type Transfer = { ok: true; codeId: string; poolId: string; replayed: boolean } | { ok: false; reason: CodeRefusal; codeId?: string };

/**
 * A code changes hands once: from its holder (or, for an unbound printed code, whoever has it)
 * to another participant, who alone may then use it. One conditional UPDATE: racing a
 * redemption or another transfer, exactly one wins.
 */
@Injectable()
export class CodeTransfers {
  constructor(
    private readonly db: DataSource,
    private readonly hasher: CodeHasher,
    private readonly attempts: AttemptLog,
  ) {}

  async transfer(req: TransferRequest, attempts: AttemptLog = this.attempts): Promise<Transfer> {
    const read = readCode(req.code);
    const note = (prefix: string | null, outcome: string) =>
      attempts.note({ workspaceId: req.workspaceId, campaignId: req.campaignId, action: 'transfer', participantId: req.fromParticipantId, address: req.address ?? null, hashPrefix: prefix, outcome, at: new Date() });
    if (!read.ok) {
      const reason = read.reason === 'TYPO' ? CodeErrors.TYPO : CodeErrors.MALFORMED;
      note(null, reason);
      return { ok: false, reason };
    }
    const hash = this.hasher.hash(read.code);
    const result = await this.move(req, hash);
    note(CodeHasher.prefix(hash), result.ok ? 'TRANSFERRED' : result.reason);
    return result;
  }

  private async move(req: TransferRequest, hash: string): Promise<Transfer> {
    const [moved] = (await this.db.query(sql.TRANSFER, [req.workspaceId, hash, req.campaignId, req.fromParticipantId, req.toParticipantId])) as { id: string; pool_id: string }[];
    if (moved) return { ok: true, codeId: moved.id, poolId: moved.pool_id, replayed: false };
    const [code] = (await this.db.query(sql.LOOK_UP, [req.workspaceId, hash])) as (CodeRow & { pool_id?: string })[];
    if (!code || code.campaign_id !== req.campaignId) return { ok: false, reason: CodeErrors.UNKNOWN };
    if (code.transferred_at) {
      const [last] = (await this.db.query(`SELECT participant_ref, detail->>'from' AS "from" FROM code_event WHERE code_id = $1 AND kind = 'transferred' ORDER BY id DESC LIMIT 1`, [code.id])) as {
        participant_ref: string;
        from: string;
      }[];
      if (last && last.participant_ref === req.toParticipantId && last.from === req.fromParticipantId) {
        const [{ pool_id }] = (await this.db.query('SELECT pool_id FROM invite_code WHERE id = $1', [code.id])) as { pool_id: string }[];
        return { ok: true, codeId: code.id, poolId: pool_id, replayed: true };
      }
      if (code.state !== 'redeemed') return { ok: false, reason: CodeErrors.ALREADY_TRANSFERRED, codeId: code.id };
    }
    const reason = refusalOf(snapshotOf(code), req.campaignId, req.fromParticipantId, new Date()) ?? CodeErrors.RESERVED;
    return { ok: false, reason, codeId: code.id };
  }
}
