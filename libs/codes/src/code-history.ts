import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readCode } from '@lib/domain';
import { CodeEventKind, CodeState } from '@lib/persistence';
import { CodeHasher } from './code-hasher';

export interface CodeView {
  id: string;
  poolId: string;
  state: CodeState;
  allocatedTo: string | null;
  holder: string | null;
  transferredAt: Date | null;
  reservedUntil: Date | null;
  redeemedBy: string | null;
  redeemedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export interface CodeHistoryItem {
  kind: CodeEventKind;
  participantId: string | null;
  detail: Record<string, unknown> | null;
  at: Date;
}

/** The most history rows one read returns (a code moves a handful of times). */
export const MAX_HISTORY = 200;

const CODE = `SELECT id, pool_id, state, allocated_to, holder, transferred_at, reserved_until, redeemed_by, redeemed_at, expires_at, created_at
  FROM invite_code WHERE workspace_id = $1 AND campaign_id = $2 AND `;

/** Reads a code (by id, or by the code itself for support staff) and its history. */
@Injectable()
export class CodeHistory {
  constructor(
    private readonly db: DataSource,
    private readonly hasher: CodeHasher,
  ) {}

  async byId(workspaceId: string, campaignId: string, codeId: string): Promise<CodeView | null> {
    const [row] = (await this.db.query(`${CODE} id = $3`, [workspaceId, campaignId, codeId])) as Record<string, never>[];
    return row ? view(row) : null;
  }

  /** Null also for input that is not a code (no lookup is made for it). */
  async byCode(workspaceId: string, campaignId: string, raw: string): Promise<CodeView | null> {
    const read = readCode(raw);
    if (!read.ok) return null;
    const [row] = (await this.db.query(`${CODE} code_hash = $3`, [workspaceId, campaignId, this.hasher.hash(read.code)])) as Record<string, never>[];
    return row ? view(row) : null;
  }

  async history(workspaceId: string, codeId: string): Promise<CodeHistoryItem[]> {
    const rows = (await this.db.query(`SELECT kind, participant_ref, detail, at FROM code_event WHERE workspace_id = $1 AND code_id = $2 ORDER BY id LIMIT $3`, [
      workspaceId,
      codeId,
      MAX_HISTORY,
    ])) as { kind: CodeEventKind; participant_ref: string | null; detail: Record<string, unknown> | null; at: Date }[];
    return rows.map((r) => ({ kind: r.kind, participantId: r.participant_ref, detail: r.detail, at: r.at }));
  }
}

function view(r: Record<string, never>): CodeView {
  return {
    id: r.id,
    poolId: r.pool_id,
    state: r.state,
    allocatedTo: r.allocated_to,
    holder: r.holder,
    transferredAt: r.transferred_at,
    reservedUntil: r.reserved_until,
    redeemedBy: r.redeemed_by,
    redeemedAt: r.redeemed_at,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  };
}
