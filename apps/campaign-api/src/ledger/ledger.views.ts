import { LedgerState, Page } from '@lib/domain';
import { CampaignBudgetEntity, PrizePoolEntity } from '@lib/persistence';
import { EntryRow, LedgerEntryRecord, toEntryRecord } from '@lib/ledger';

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

/** A ledger entry as the API shows it: the participant by their external id (null if the row is gone). */
export type LedgerEntryView = Omit<LedgerEntryRecord, 'workspaceId' | 'participantId'> & { participantId: string | null };

export interface LedgerHistoryView {
  fromState: LedgerState | null;
  toState: LedgerState;
  reason: string | null;
  at: Date;
}

/** A row of `ledger_entry` joined to its participant's external id. */
export type EntryViewRow = Omit<EntryRow, 'workspace_id' | 'participant_id'> & { external_id: string | null };

export function toEntryView(r: EntryViewRow): LedgerEntryView {
  // The ledger's own row mapping; only the participant is shown differently.
  const { workspaceId: _workspace, participantId: _participant, ...entry } = toEntryRecord({ ...r, workspace_id: '', participant_id: '' });
  return { ...entry, participantId: r.external_id };
}
