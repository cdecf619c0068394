import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MechanicRegistry } from '@lib/mechanics';
import { InboundEventEntity, MechanicInputEntity, NodeEntity } from '@lib/persistence';
import { AnalyseInputV1, JobHandler } from '@lib/queue';
import { OutcomeApplier, nothingAfter } from './outcome-applier';
import { InputRows } from './input-rows';

/**
 * A slow step a mechanic asks for before it judges an input (decode and measure a clip).
 * It runs outside any transaction and off the event loop (the implementation uses a worker
 * thread or a child process with time and size limits); its result is stored on the input,
 * which is then judged like any other. Failures the input caused are results too (e.g.
 * `{ ok: false, reason: 'UNDECODABLE' }`); only infrastructure errors throw and are retried.
 */
export interface Analyser {
  readonly name: string;
  analyse(workspaceId: string, event: { id: string; type: string; data: Record<string, unknown> }): Promise<Record<string, unknown>>;
}

export const ANALYSERS = Symbol('ANALYSERS');

@Injectable()
export class AnalyseHandler implements JobHandler<'mechanic.analyse'> {
  private readonly logger = new Logger(AnalyseHandler.name);
  private readonly byName: Map<string, Analyser>;

  constructor(
    private readonly db: DataSource,
    private readonly registry: MechanicRegistry,
    private readonly rows: InputRows,
    private readonly applier: OutcomeApplier,
    @Inject(ANALYSERS) analysers: Analyser[],
  ) {
    this.byName = new Map(analysers.map((a) => [a.name, a]));
  }

  async handle(data: AnalyseInputV1): Promise<void> {
    const input = await this.db.getRepository(MechanicInputEntity).findOneBy({ id: data.inputId, workspaceId: data.workspaceId });
    if (!input || input.state !== 'analysing' || !input.nodeId) return;
    const node = await this.db.getRepository(NodeEntity).findOneBy({ id: input.nodeId });
    const event = await this.db.getRepository(InboundEventEntity).findOneBy({ id: input.eventId, workspaceId: data.workspaceId });
    if (!node || !event) return;
    const name = this.registry.get(node.mechanicKind).inputs.find((r) => r.type === input.eventType && r.analyse)?.analyse;
    const analyser = name ? this.byName.get(name) : undefined;
    const started = Date.now();
    const result = analyser ? await analyser.analyse(data.workspaceId, { id: event.id, type: event.type, data: event.data }) : { ok: false, reason: 'NO_ANALYSER', detail: `no analyser '${name}'` };
    const after = await this.db.transaction(async (tx) => {
      const stored = await this.rows.analysed(tx, input.id, result);
      return stored ? { ...nothingAfter(), inputs: [{ id: input.id, state: 'pending' as const, revision: input.revision }] } : null;
    });
    this.logger.log({ msg: 'input analysed', analyser: name, inputId: input.id, ok: result.ok !== false, ms: Date.now() - started });
    if (after) await this.applier.afterCommit(data.workspaceId, after);
  }
}
