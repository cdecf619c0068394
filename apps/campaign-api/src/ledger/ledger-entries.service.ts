import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '@lib/access';
import { decodeCursor, DomainError, encodeCursor, LedgerErrors, Page } from '@lib/domain';
import { Ledger } from '@lib/ledger';
import { AuditService } from '../audit/audit.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { LedgerQueryDto } from './ledger.dto';
import { EntryViewRow, LedgerEntryView, LedgerHistoryView, toEntryView } from './ledger.views';

const SELECT_ENTRY = `
  SELECT e.id, e.campaign_id, e.pool_id, p.external_id, e.activity_id, e.node_id, e.kind, e.state, e.amount_minor, e.currency,
         e.source_key, e.reason, e.reserved_until, e.created_at, e.updated_at
  FROM ledger_entry e LEFT JOIN participant p ON p.id = e.participant_id`;

/** The campaign's ledger as the admin API shows it, and clawbacks by a marketer. */
@Injectable()
export class LedgerEntriesService {
  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly ledger: Ledger,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, by (created_at, id); ledger entries are stamped in whole milliseconds, as the cursor is. */
  async list(auth: AuthContext, campaignId: string, q: LedgerQueryDto): Promise<Page<LedgerEntryView>> {
    await this.campaigns.get(auth, campaignId);
    const where = ['e.workspace_id = $1', 'e.campaign_id = $2'];
    const params: unknown[] = [auth.workspaceId, campaignId];
    const filter = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    filter('p.external_id', q.participantId);
    filter('e.state', q.state);
    filter('e.kind', q.kind);
    filter('e.pool_id', q.poolId);
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      params.push(c.createdAt, c.id);
      where.push(`(e.created_at, e.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(q.limit + 1);
    const rows = (await this.db.query(`${SELECT_ENTRY} WHERE ${where.join(' AND ')} ORDER BY e.created_at DESC, e.id DESC LIMIT $${params.length}`, params)) as EntryViewRow[];
    const items = rows.slice(0, q.limit).map(toEntryView);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
  }

  async get(auth: AuthContext, campaignId: string, entryId: string): Promise<LedgerEntryView & { history: LedgerHistoryView[] }> {
    await this.campaigns.get(auth, campaignId);
    const entry = await this.find(this.db.manager, auth.workspaceId, campaignId, entryId);
    const history = (await this.db.query(
      `SELECT from_state, to_state, reason, created_at FROM ledger_entry_event WHERE entry_id = $1 AND workspace_id = $2 ORDER BY created_at, id`,
      [entryId, auth.workspaceId],
    )) as { from_state: LedgerHistoryView['fromState']; to_state: LedgerHistoryView['toState']; reason: string | null; created_at: Date }[];
    return { ...entry, history: history.map((h) => ({ fromState: h.from_state, toState: h.to_state, reason: h.reason, at: h.created_at })) };
  }

  /** Takes a reward back (see Ledger.clawback: its unit returns to stock, its amount to the budget). */
  async clawback(auth: AuthContext, campaignId: string, entryId: string, reason: string): Promise<LedgerEntryView> {
    return this.db.transaction(async (tx) => {
      await this.campaigns.get(auth, campaignId, tx);
      const before = await this.find(tx, auth.workspaceId, campaignId, entryId);
      await this.ledger.clawback(tx, auth.workspaceId, entryId, reason);
      if (before.state !== 'clawed_back') {
        await this.audit.record(tx, auth, 'ledger.clawback', { type: 'ledger_entry', id: entryId }, { campaignId, from: before.state, amountMinor: before.amountMinor });
      }
      return this.find(tx, auth.workspaceId, campaignId, entryId);
    });
  }

  private async find(tx: EntityManager, workspaceId: string, campaignId: string, entryId: string): Promise<LedgerEntryView> {
    const [row] = (await tx.query(`${SELECT_ENTRY} WHERE e.id = $1 AND e.workspace_id = $2 AND e.campaign_id = $3`, [entryId, workspaceId, campaignId])) as EntryViewRow[];
    if (!row) throw new DomainError(LedgerErrors.ENTRY_NOT_FOUND, `ledger entry ${entryId} not found`, 'not_found');
    return toEntryView(row);
  }
}
