import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthContext } from '@lib/access';
import { DEFAULT_MAX_LATENESS_HOURS, DomainError, ErrorCodes, isEditable, Page, parseRollout, ReentryRule, RolloutStage } from '@lib/domain';
import { MechanicRegistry } from '@lib/mechanics';
import { NodeEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { EventTypesService } from '../event-types/event-types.service';
import { keysetPage } from '../common/keyset-page';
import { toDate } from '../common/is-instant';
import { CreateNodeDto } from './node.dto';
import { assertOpenStagesKept, rolloutView, RolloutStageView } from './node-rollout';

@Injectable()
export class NodesService {
  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly mechanics: MechanicRegistry,
    private readonly audit: AuditService,
    private readonly eventTypes: EventTypesService,
  ) {}

  /** Creates a node, or replaces one (`nodeId`) keeping its id and activities. */
  async save(auth: AuthContext, campaignId: string, dto: CreateNodeDto, nodeId?: string): Promise<NodeEntity> {
    const handler = this.mechanics.get(dto.mechanic.kind);
    // Validate only; the stored config is what the marketer sent, defaults apply when read.
    this.mechanics.parseConfig(handler.kind, dto.mechanic.config);
    const window = {
      startsAt: toDate(dto.window?.startsAt) ?? null,
      endsAt: toDate(dto.window?.endsAt) ?? null,
      weekly: dto.window?.weekly?.map((s) => ({ days: [...new Set(s.days)].sort(), from: s.from, to: s.to })) ?? null,
    };
    if (window.startsAt && window.endsAt && window.endsAt <= window.startsAt) {
      throw new DomainError(ErrorCodes.NODE_INVALID_WINDOW, 'window.endsAt must be after window.startsAt', 'validation');
    }
    const rollout = this.rollout(dto);
    await this.eventTypes.assertKnown(auth.workspaceId, dto.trigger.eventType);
    return this.db.transaction(async (tx) => {
      const campaign = await this.campaigns.get(auth, campaignId, tx, true);
      if (!isEditable(campaign.status)) {
        throw new DomainError(ErrorCodes.CAMPAIGN_NOT_EDITABLE, 'nodes of an ended campaign cannot change', 'conflict');
      }
      const repo = tx.getRepository(NodeEntity);
      const existing = nodeId ? await this.get(auth, campaignId, nodeId, tx.getRepository(NodeEntity)) : null;
      if (existing) await assertOpenStagesKept(tx, existing, campaign, rollout);
      const node = await repo.save({
        ...(existing ?? {}),
        workspaceId: auth.workspaceId,
        campaignId,
        name: dto.name,
        triggerEventType: dto.trigger.eventType,
        conditions: (dto.trigger.conditions ?? []).map((c) => ({ field: c.field, op: c.op, value: c.value })),
        audienceCircles: dto.audience?.circles ?? null,
        rollout,
        windowStartsAt: window.startsAt,
        windowEndsAt: window.endsAt,
        weeklySlots: window.weekly,
        reentry: dto.reentry ?? ReentryRule.Once,
        mechanicKind: handler.kind,
        config: dto.mechanic.config,
        configVersion: handler.configVersion,
        channel: dto.channel ?? 'sandbox',
        maxLatenessHours: dto.maxLatenessHours ?? DEFAULT_MAX_LATENESS_HOURS,
      });
      await this.audit.record(tx, auth, existing ? 'node.update' : 'node.create', { type: 'node', id: node.id }, { campaignId });
      return node;
    });
  }

  /** The rollout checked and normalised; its circles must be in the node's audience, if it has one. */
  private rollout(dto: CreateNodeDto): RolloutStage[] | null {
    if (!dto.rollout) return null;
    const stages = parseRollout(dto.rollout);
    const audience = dto.audience?.circles;
    const outside = audience ? stages.flatMap((s) => s.circles ?? []).find((c) => !audience.includes(c)) : undefined;
    if (outside) throw new DomainError(ErrorCodes.ROLLOUT_INVALID_STAGE, `rollout circle '${outside}' is not in the node's audience`, 'validation');
    return stages;
  }

  /** The node's rollout stages with their state now, or null without a rollout. */
  async rolloutStatus(auth: AuthContext, node: NodeEntity): Promise<RolloutStageView[] | null> {
    if (!node.rollout) return null;
    return rolloutView(this.db, node, await this.campaigns.get(auth, node.campaignId));
  }

  async list(auth: AuthContext, campaignId: string, limit: number, cursor?: string): Promise<Page<NodeEntity>> {
    await this.campaigns.get(auth, campaignId);
    const qb = this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .where('n.workspace_id = :ws AND n.campaign_id = :cid', { ws: auth.workspaceId, cid: campaignId });
    return keysetPage(qb, 'n', limit, cursor);
  }

  async get(auth: AuthContext, campaignId: string, id: string, repo = this.db.getRepository(NodeEntity)): Promise<NodeEntity> {
    const node = await repo.findOneBy({ id, campaignId, workspaceId: auth.workspaceId });
    if (!node) throw new DomainError(ErrorCodes.NODE_NOT_FOUND, `node ${id} not found`, 'not_found');
    return node;
  }

  /** The node's phases (node_phase, written by the worker's runtime), earliest first. */
  async phases(nodeId: string): Promise<{ name: string; dueAt: Date; state: string; ranAt: Date | null; outcome: Record<string, unknown> }[]> {
    const rows: { name: string; due_at: Date; state: string; ran_at: Date | null; outcome: Record<string, unknown> }[] = await this.db.query(
      'SELECT name, due_at, state, ran_at, outcome FROM node_phase WHERE node_id = $1 ORDER BY due_at, name',
      [nodeId],
    );
    return rows.map((r) => ({ name: r.name, dueAt: r.due_at, state: r.state, ranAt: r.ran_at, outcome: r.outcome }));
  }
}
