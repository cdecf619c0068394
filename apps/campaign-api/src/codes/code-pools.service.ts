import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '@lib/access';
import { Allocation, CodeIssuer } from '@lib/codes';
import { CodeErrors, DomainError, Page } from '@lib/domain';
import { CodePoolEntity, CodeState, ParticipantEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { keysetPage } from '../common/keyset-page';
import { CreateCodePoolDto } from './codes.dto';

export type StateCounts = Record<CodeState, number>;

const EMPTY: StateCounts = { issued: 0, allocated: 0, reserved: 0, redeemed: 0, expired: 0 };

/** Code pools of a campaign, and the admin writes that make codes (audited with the write). */
@Injectable()
export class CodePoolsService {
  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
    private readonly issuer: CodeIssuer,
  ) {}

  async create(auth: AuthContext, campaignId: string, dto: CreateCodePoolDto): Promise<CodePoolEntity> {
    return this.db.transaction(async (tx) => {
      await this.campaigns.get(auth, campaignId, tx);
      const repo = tx.getRepository(CodePoolEntity);
      const pool = await repo.save(
        repo.create({
          workspaceId: auth.workspaceId,
          campaignId,
          name: dto.name,
          skus: dto.skus ? [...new Set(dto.skus)] : null,
          expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
          circles: dto.circles ? [...new Set(dto.circles)] : null,
          perParticipantLimit: dto.perParticipantLimit ?? null,
          allocatableFrom: dto.allocatableFrom ? new Date(dto.allocatableFrom) : null,
          holdSeconds: dto.holdSeconds ?? 900,
          capacity: dto.capacity ?? null,
        }),
      );
      await this.audit.record(tx, auth, 'code_pool.create', { type: 'code_pool', id: pool.id }, { campaignId, capacity: pool.capacity });
      return pool;
    });
  }

  async list(auth: AuthContext, campaignId: string, limit: number, cursor?: string): Promise<Page<CodePoolEntity>> {
    await this.campaigns.get(auth, campaignId);
    const qb = this.db.getRepository(CodePoolEntity).createQueryBuilder('p').where('p.workspace_id = :ws AND p.campaign_id = :cid', { ws: auth.workspaceId, cid: campaignId });
    return keysetPage(qb, 'p', limit, cursor);
  }

  async get(auth: AuthContext, campaignId: string, poolId: string, tx: EntityManager = this.db.manager): Promise<CodePoolEntity> {
    await this.campaigns.get(auth, campaignId, tx);
    const pool = await tx.getRepository(CodePoolEntity).findOneBy({ id: poolId, campaignId, workspaceId: auth.workspaceId });
    if (!pool) throw new DomainError(CodeErrors.POOL_NOT_FOUND, `code pool ${poolId} not found`, 'not_found');
    return pool;
  }

  /** How many of the pool's codes are in each state (an index scan on pool_id, state). */
  async counts(auth: AuthContext, poolId: string): Promise<StateCounts> {
    const rows = (await this.db.query(`SELECT state, count(*)::int AS n FROM invite_code WHERE workspace_id = $1 AND pool_id = $2 GROUP BY state`, [auth.workspaceId, poolId])) as {
      state: CodeState;
      n: number;
    }[];
    return rows.reduce((acc, r) => ({ ...acc, [r.state]: r.n }), { ...EMPTY });
  }

  async generate(auth: AuthContext, campaignId: string, poolId: string, count: number, idempotencyKey: string | null): Promise<{ batchId: string; codes: string[] }> {
    return this.db.transaction(async (tx) => {
      const pool = await this.get(auth, campaignId, poolId, tx);
      const out = await this.issuer.generate(tx, pool, count, idempotencyKey);
      await this.audit.record(tx, auth, 'code_pool.generate', { type: 'code_pool', id: pool.id }, { campaignId, batchId: out.batchId, count });
      return out;
    });
  }

  /** Refusals are 409/403 with the rule's code; nothing is written for them. */
  async allocate(auth: AuthContext, campaignId: string, poolId: string, participantId: string, count: number): Promise<Extract<Allocation, { ok: true }>> {
    return this.db.transaction(async (tx) => {
      const pool = await this.get(auth, campaignId, poolId, tx);
      const participant = await tx.getRepository(ParticipantEntity).findOneBy({ workspaceId: auth.workspaceId, externalId: participantId });
      const result = await this.issuer.allocate(tx, pool, { participantId, circle: participant?.circle ?? null }, count, new Date());
      if (!result.ok) {
        const category = result.reason === CodeErrors.CIRCLE_NOT_ALLOWED ? 'forbidden' : 'conflict';
        throw new DomainError(result.reason, `no codes for ${participantId}: ${result.reason}`, category, result.detail);
      }
      await this.audit.record(tx, auth, 'code_pool.allocate', { type: 'code_pool', id: pool.id }, { campaignId, participantId, count });
      return result;
    });
  }
}
