import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CodeErrors, readCode } from '@lib/domain';
import { AttemptLog } from './attempt-log';
import { CodeHasher } from './code-hasher';
import { RedeemBatcher, Redeemed } from './redeem-batcher';

export interface RedeemRequest {
  workspaceId: string;
  campaignId: string;
  /** The participant's external id. */
  participantId: string;
  /** As typed: case, spaces and dashes do not matter. */
  code: string;
  /** The client address key (for the attempt log), when the request came over HTTP. */
  address?: string | null;
}

/**
 * Redeeming a code: single use under any concurrency (a conditional UPDATE, group-committed by
 * RedeemBatcher). A mistyped code (the check symbol disagrees) is told apart from a guess
 * before any lookup. Every attempt is logged (AttemptLog), with the code's hash prefix only.
 */
@Injectable()
export class CodeRedemptions {
  readonly batcher: RedeemBatcher;
  readonly attempts: AttemptLog;

  /** Nest injects the module's shared AttemptLog; plain construction (the bench) may leave it out. */
  constructor(
    db: DataSource,
    private readonly hasher: CodeHasher,
    attempts?: AttemptLog,
  ) {
    this.batcher = new RedeemBatcher(db);
    this.attempts = attempts ?? new AttemptLog(db);
  }

  async redeem(req: RedeemRequest): Promise<Redeemed> {
    const read = readCode(req.code);
    const at = new Date();
    const log = (hashPrefix: string | null, outcome: string) =>
      this.attempts.note({ workspaceId: req.workspaceId, campaignId: req.campaignId, action: 'redeem', participantId: req.participantId, address: req.address ?? null, hashPrefix, outcome, at });
    if (!read.ok) {
      const reason = read.reason === 'TYPO' ? CodeErrors.TYPO : CodeErrors.MALFORMED;
      log(null, reason);
      return { ok: false, reason };
    }
    const hash = this.hasher.hash(read.code);
    const result = await this.batcher.submit({ workspaceId: req.workspaceId, campaignId: req.campaignId, participantId: req.participantId, hash });
    log(CodeHasher.prefix(hash), result.ok ? 'REDEEMED' : result.reason);
    return result;
  }
}
