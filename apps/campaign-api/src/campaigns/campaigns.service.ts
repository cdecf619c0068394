import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '@lib/access';
import { assertTransition, CampaignStatus, DomainError, ErrorCodes, isEditable, Page, ScoringWeights } from '@lib/domain';
import { CampaignEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { keysetPage } from '../common/keyset-page';
import { toDate } from '../common/is-instant';
import { CreateCampaignDto, ScoringWeightsDto, UpdateCampaignDto } from './campaign.dto';
import { scheduleAfterTransition } from './schedule-history';

@Injectable()
export class CampaignsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(auth: AuthContext, dto: CreateCampaignDto): Promise<CampaignEntity> {
    const fields = this.fields(dto);
    this.assertSchedule(fields.startsAt ?? null, fields.endsAt ?? null);
    return this.db.transaction(async (tx) => {
      const campaign = await tx.getRepository(CampaignEntity).save(
        tx.getRepository(CampaignEntity).create({ ...fields, workspaceId: auth.workspaceId, status: CampaignStatus.Draft }),
      );
      await this.audit.record(tx, auth, 'campaign.create', { type: 'campaign', id: campaign.id }, { name: campaign.name });
      return campaign;
    });
  }

  async list(auth: AuthContext, limit: number, cursor?: string): Promise<Page<CampaignEntity>> {
    const qb = this.db.getRepository(CampaignEntity).createQueryBuilder('c').where('c.workspace_id = :ws', { ws: auth.workspaceId });
    return keysetPage(qb, 'c', limit, cursor);
  }

  async get(auth: AuthContext, id: string, tx: EntityManager = this.db.manager, lock = false): Promise<CampaignEntity> {
    const campaign = await tx.getRepository(CampaignEntity).findOne({
      where: { id, workspaceId: auth.workspaceId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!campaign) throw new DomainError(ErrorCodes.CAMPAIGN_NOT_FOUND, `campaign ${id} not found`, 'not_found');
    return campaign;
  }

  async update(auth: AuthContext, id: string, dto: UpdateCampaignDto): Promise<CampaignEntity> {
    return this.db.transaction(async (tx) => {
      const campaign = await this.get(auth, id, tx, true);
      if (!isEditable(campaign.status)) {
        throw new DomainError(ErrorCodes.CAMPAIGN_NOT_EDITABLE, `an ${campaign.status} campaign cannot be changed`, 'conflict');
      }
      const next = { ...campaign, ...this.fields(dto) };
      this.assertSchedule(next.startsAt, next.endsAt);
      this.assertHistoryKept(campaign, next, new Date());
      const saved = await tx.getRepository(CampaignEntity).save(next);
      await this.audit.record(tx, auth, 'campaign.update', { type: 'campaign', id }, { fields: Object.keys(dto) });
      return saved;
    });
  }

  async transition(auth: AuthContext, id: string, to: CampaignStatus): Promise<CampaignEntity> {
    return this.db.transaction(async (tx) => {
      const campaign = await this.get(auth, id, tx, true);
      // Asking for the state it is in is a no-op, not a conflict: a retried request, or the
      // campaign clock having taken a scheduled campaign live first, gets the campaign as it is.
      if (campaign.status === to) return campaign;
      assertTransition(campaign.status, to);
      const from = campaign.status;
      campaign.status = to;
      Object.assign(campaign, scheduleAfterTransition(campaign, from, to, new Date()));
      const saved = await tx.getRepository(CampaignEntity).save(campaign);
      await this.audit.record(tx, auth, 'campaign.transition', { type: 'campaign', id }, { from, to });
      return saved;
    });
  }

  // undefined: leave as is; null: clear (the DTO refuses null for name and timezone).
  private fields(dto: UpdateCampaignDto): Partial<CampaignEntity> {
    const out: Partial<CampaignEntity> = {};
    if (dto.name != null) out.name = dto.name;
    if (dto.timezone != null) out.timezone = dto.timezone;
    if (dto.description !== undefined) out.description = dto.description ?? '';
    if (dto.startsAt !== undefined) out.startsAt = toDate(dto.startsAt) ?? null;
    if (dto.endsAt !== undefined) out.endsAt = toDate(dto.endsAt) ?? null;
    if (dto.quietHours !== undefined) out.quietHours = dto.quietHours && { from: dto.quietHours.from, to: dto.quietHours.to };
    if (dto.frequencyCap !== undefined) out.frequencyCap = dto.frequencyCap && { max: dto.frequencyCap.max, perHours: dto.frequencyCap.perHours };
    if (dto.scoring !== undefined) out.scoring = weightsOf(dto.scoring);
    return out;
  }

  /**
   * What a running campaign has already lived through stays as it was (liveness is judged at
   * business time): its start cannot move, and it ends now through the status, not by an
   * endsAt in the past.
   */
  private assertHistoryKept(before: CampaignEntity, after: Partial<CampaignEntity>, now: Date): void {
    const running = before.status === CampaignStatus.Live || before.status === CampaignStatus.Paused;
    if (!running) return;
    if ((after.startsAt?.getTime() ?? null) !== (before.startsAt?.getTime() ?? null)) {
      throw new DomainError(ErrorCodes.CAMPAIGN_SCHEDULE_LOCKED, 'a campaign that has started keeps its startsAt', 'conflict');
    }
    if (after.endsAt && after.endsAt < now && after.endsAt.getTime() !== before.endsAt?.getTime()) {
      throw new DomainError(ErrorCodes.CAMPAIGN_SCHEDULE_LOCKED, 'endsAt of a running campaign cannot lie in the past; end it with status "ended"', 'conflict');
    }
  }

  private assertSchedule(startsAt: Date | null, endsAt: Date | null): void {
    if (startsAt && endsAt && endsAt <= startsAt) {
      throw new DomainError(ErrorCodes.CAMPAIGN_INVALID_SCHEDULE, 'endsAt must be after startsAt', 'validation');
    }
  }
}

/** The weights as stored: only the parts given (null parts fall back to the defaults). */
function weightsOf(dto: ScoringWeightsDto | null): ScoringWeights {
  const out: ScoringWeights = {};
  if (dto?.base) out.base = { ...dto.base };
  if (dto?.tie) out.tie = { ...dto.tie };
  if (dto?.depthDecay != null) out.depthDecay = dto.depthDecay;
  return out;
}
