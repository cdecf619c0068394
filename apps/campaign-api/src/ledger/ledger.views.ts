import { LedgerState, Page, RewardKind } from '@lib/domain';
import { CampaignBudgetEntity, PrizePoolEntity } from '@lib/persistence';

export interface PrizePoolView {
  id: string;
  campaignId: string;
  name: string;
  currency: string;
  unitValueMinor: number;
  stockTotal: number;
  stockReserved: number;
  stockCommitted: number;
  /** Units still to give: total − reserved − committed. */
  stockRemaining: number;
  perParticipantLimit: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toPoolView(p: PrizePoolEntity): PrizePoolView {
  return {
    id: p.id,
    campaignId: p.campaignId,
    name: p.name,
    currency: p.currency,
    unitValueMinor: p.unitValueMinor,
    stockTotal: p.stockTotal,
    stockReserved: p.stockReserved,
    stockCommitted: p.stockCommitted,
    stockRemaining: p.stockTotal - p.stockReserved - p.stockCommitted,
    perParticipantLimit: p.perParticipantLimit,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export const toPoolPage = (page: Page<PrizePoolEntity>): Page<PrizePoolView> => ({ items: page.items.map(toPoolView), nextCursor: page.nextCursor });

export interface BudgetView {
  campaignId: string;
  currency: string;
  /** null: no cap. */
  totalMinor: number | null;
  reservedMinor: number;
  committedMinor: number;
  remainingMinor: number | null;
  updatedAt: Date;
}

export function toBudgetView(b: CampaignBudgetEntity): BudgetView {
  return {
    campaignId: b.campaignId,
    currency: b.currency,
    totalMinor: b.totalMinor,
    reservedMinor: b.reservedMinor,
    committedMinor: b.committedMinor,
    remainingMinor: b.totalMinor === null ? null : b.totalMinor - b.reservedMinor - b.committedMinor,
    updatedAt: b.updatedAt,
  };
}

export interface LedgerEntryView {
  id: string;
  campaignId: string;
  poolId: string | null;
  /** The participant's external id (null if the participant row is gone). */
  participantId: string | null;
  activityId: string | null;
  nodeId: string | null;
  kind: RewardKind;
  state: LedgerState;
  amountMinor: number;
  currency: string;
  sourceKey: string;
  reason: string | null;
  reservedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LedgerHistoryView {
  fromState: LedgerState | null;
  toState: LedgerState;
  reason: string | null;
  at: Date;
}

/** A row of `ledger_entry` joined to its participant's external id. */
export interface EntryViewRow {
  id: string;
  campaign_id: string;
  pool_id: string | null;
  external_id: string | null;
  activity_id: string | null;
  node_id: string | null;
  kind: RewardKind;
  state: LedgerState;
  amount_minor: string;
  currency: string;
  source_key: string;
  reason: string | null;
  reserved_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toEntryView(r: EntryViewRow): LedgerEntryView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    poolId: r.pool_id,
    participantId: r.external_id,
    activityId: r.activity_id,
    nodeId: r.node_id,
    kind: r.kind,
    state: r.state,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    sourceKey: r.source_key,
    reason: r.reason,
    reservedUntil: r.reserved_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
