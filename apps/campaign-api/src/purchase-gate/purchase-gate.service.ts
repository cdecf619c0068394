import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthContext, TtlLru } from '@lib/access';
import { CodeReservations } from '@lib/codes';
import { CodeErrors, CodeRefusal, DomainError, ErrorCodes } from '@lib/domain';
import { CampaignEntity, PurchaseGateEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { GateAnswer, occurrenceView } from './gate-answer';
import { GateCodes } from './gate-codes';
import { GateRules, gateStep, OpeningMemo } from './gate-decision';
import { GateCheckDto, PurchaseGateView, PutPurchaseGateDto } from './purchase-gate.dto';

/**
 * How long a replica may answer from a gate it read earlier. The gate is on the checkout path
 * (tens of thousands of checks a second), so its rules are held in memory briefly; a change
 * made through another replica is seen within this time.
 */
const RULES_TTL_MS = 1000;
const NO_GATE = 'none' as const;

/** What a buyer is told when their code cannot hold the purchase. */
const REFUSALS: Partial<Record<CodeRefusal, string>> = {
  [CodeErrors.MALFORMED]: 'that is not an invite code',
  [CodeErrors.TYPO]: 'the code has a typo: check each character',
  [CodeErrors.UNKNOWN]: 'no such code',
  [CodeErrors.ALREADY_USED]: 'the code has been used',
  [CodeErrors.EXPIRED]: 'the code has expired',
  [CodeErrors.NOT_YOURS]: 'the code belongs to someone else',
  [CodeErrors.RESERVED]: 'the code is held for another purchase',
  [CodeErrors.WRONG_PRODUCT]: 'the code is not for this product',
};

@Injectable()
export class PurchaseGateService {
  private readonly rules = new TtlLru<string, { rules: GateRules; opening: OpeningMemo } | typeof NO_GATE>(10_000, RULES_TTL_MS);

  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
    private readonly codes: GateCodes,
    private readonly reservations: CodeReservations,
  ) {}

  async put(auth: AuthContext, campaignId: string, dto: PutPurchaseGateDto): Promise<PurchaseGateView> {
    const saved = await this.db.transaction(async (tx) => {
      const campaign = await this.campaigns.get(auth, campaignId, tx);
      const skus = dto.skus ? [...new Set(dto.skus)] : null;
      const openSlots = dto.openPurchase.map((s) => ({ days: [...new Set(s.days)].sort(), from: s.from, to: s.to }));
      await tx.query(
        `INSERT INTO purchase_gate (campaign_id, workspace_id, skus, open_slots, version) VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (campaign_id) DO UPDATE SET skus = EXCLUDED.skus, open_slots = EXCLUDED.open_slots,
           version = purchase_gate.version + 1, updated_at = now()`,
        [campaignId, auth.workspaceId, skus, JSON.stringify(openSlots)],
      );
      await this.audit.record(tx, auth, 'purchase-gate.set', { type: 'campaign', id: campaignId }, { skus, openPurchase: openSlots });
      return { gate: await tx.getRepository(PurchaseGateEntity).findOneByOrFail({ campaignId }), campaign };
    });
    this.rules.delete(this.key(auth.workspaceId, campaignId));
    return view(saved.gate, saved.campaign);
  }

  async get(auth: AuthContext, campaignId: string): Promise<PurchaseGateView> {
    const campaign = await this.campaigns.get(auth, campaignId);
    const gate = await this.db.getRepository(PurchaseGateEntity).findOneBy({ campaignId, workspaceId: auth.workspaceId });
    if (!gate) throw new DomainError(ErrorCodes.PURCHASE_GATE_NOT_FOUND, 'this campaign has no purchase gate; every product may be bought', 'not_found');
    return view(gate, campaign);
  }

  /** "May this participant buy this product now?" Judged at the wall-clock now: a checkout cannot name another time. */
  async check(auth: AuthContext, campaignId: string, dto: GateCheckDto, address: string): Promise<GateAnswer> {
    const gate = await this.rulesFor(auth.workspaceId, campaignId);
    const step = gateStep(gate?.rules ?? null, dto.sku, new Date(), (now) => gate!.opening.at(now));
    if (step.answer === 'NOT_GATED') return { allowed: true, reason: 'NOT_GATED', message: 'this product needs no invite code' };
    if (step.answer === 'OPEN_PURCHASE') {
      return { allowed: true, reason: 'OPEN_PURCHASE', message: 'open purchase: anyone may buy now', window: occurrenceView(step.window) };
    }
    const nextOpening = step.nextOpening ? occurrenceView(step.nextOpening) : null;
    if (dto.code === undefined) {
      return { allowed: false, reason: 'CODE_REQUIRED', message: 'an invite code is needed outside open purchase', nextOpening };
    }
    const held = await this.codes.hold({ workspaceId: auth.workspaceId, campaignId, address, role: auth.role }, { participantId: dto.participantId, code: dto.code, sku: dto.sku });
    if (!held.ok) return { allowed: false, reason: held.reason, message: REFUSALS[held.reason] ?? 'the code cannot be used', nextOpening };
    return {
      allowed: true,
      reason: 'CODE_RESERVED',
      message: 'the code is held for this purchase; it is used when the purchase event arrives',
      reservation: { id: held.reservationId, reservedUntil: held.reservedUntil.toISOString() },
    };
  }

  async release(auth: AuthContext, campaignId: string, reservationId: string): Promise<void> {
    await this.campaigns.get(auth, campaignId);
    const released = await this.reservations.release(auth.workspaceId, reservationId, 'CHECKOUT_ABANDONED');
    if (!released) throw new DomainError(CodeErrors.RESERVATION_NOT_FOUND, 'no code is held under this reservation', 'not_found');
  }

  private async rulesFor(workspaceId: string, campaignId: string): Promise<{ rules: GateRules; opening: OpeningMemo } | null> {
    const key = this.key(workspaceId, campaignId);
    const cached = this.rules.get(key);
    if (cached !== undefined) return cached === NO_GATE ? null : cached;
    const [row] = await this.db.query(
      `SELECT c.timezone, g.skus, g.open_slots, g.campaign_id IS NOT NULL AS gated
         FROM campaign c LEFT JOIN purchase_gate g ON g.campaign_id = c.id
        WHERE c.id = $1 AND c.workspace_id = $2`,
      [campaignId, workspaceId],
    );
    if (!row) throw new DomainError(ErrorCodes.CAMPAIGN_NOT_FOUND, `campaign ${campaignId} not found`, 'not_found');
    const rules: GateRules | null = row.gated ? { skus: row.skus, openSlots: row.open_slots, timezone: row.timezone } : null;
    const gate = rules ? { rules, opening: new OpeningMemo(rules) } : null;
    this.rules.set(key, gate ?? NO_GATE);
    return gate;
  }

  private key(workspaceId: string, campaignId: string): string {
    return `${workspaceId}:${campaignId}`;
  }
}

function view(gate: PurchaseGateEntity, campaign: CampaignEntity): PurchaseGateView {
  return {
    campaignId: gate.campaignId,
    skus: gate.skus,
    openPurchase: gate.openSlots,
    timezone: campaign.timezone,
    version: gate.version,
    updatedAt: gate.updatedAt.toISOString(),
  };
}
