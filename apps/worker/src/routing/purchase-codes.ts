import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CodeReservations } from '@lib/codes';
import { InboundEventEntity } from '@lib/persistence';

const PURCHASE = 'purchase';

/**
 * A `purchase` event naming `reservationId` (or `code`) consumes the purchase gate's
 * reservation of that code. Runs before the router marks events processed: a failure retries
 * the job, and a lost job leaves the event to the sweeper, so the consumption is at least
 * once; CodeReservations.consumePurchase makes it exactly once in effect.
 */
@Injectable()
export class PurchaseCodes {
  private readonly logger = new Logger(PurchaseCodes.name);

  constructor(
    private readonly db: DataSource,
    private readonly reservations: CodeReservations,
  ) {}

  async consume(workspaceId: string, events: InboundEventEntity[]): Promise<void> {
    const purchases = events.filter((e) => e.type === PURCHASE && !e.processedAt && (typeof e.data.reservationId === 'string' || typeof e.data.code === 'string'));
    if (purchases.length === 0) return;
    const people = (await this.db.query('SELECT id, external_id FROM participant WHERE workspace_id = $1 AND id = ANY($2)', [
      workspaceId,
      [...new Set(purchases.map((e) => e.participantId))],
    ])) as { id: string; external_id: string }[];
    const externalOf = new Map(people.map((p) => [p.id, p.external_id]));
    for (const e of purchases) {
      const data = e.data as { reservationId?: unknown; code?: unknown };
      const outcome = await this.db.transaction((tx) =>
        this.reservations.consumePurchase(tx, {
          workspaceId,
          eventId: e.id,
          occurredAt: e.occurredAt,
          participantId: externalOf.get(e.participantId) ?? '',
          reservationId: typeof data.reservationId === 'string' ? data.reservationId : null,
          code: typeof data.code === 'string' ? data.code : null,
        }),
      );
      if (!outcome.consumed && outcome.reason !== 'ALREADY_CONSUMED') this.logger.log({ msg: 'purchase consumed no code reservation', eventId: e.id, reason: outcome.reason });
    }
  }
}
