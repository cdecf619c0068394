import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { UUID_PATTERN, livenessAt } from '@lib/domain';
import { MechanicRegistry } from '@lib/mechanics';
import { ActivityEntity, CampaignEntity, InboundEventEntity, MechanicRefEntity, NodeEntity } from '@lib/persistence';
import { routableCampaignSql, toMatchCampaign } from '@lib/routing';
import { InputClaimer } from './input-claimer';
import { InputJob, InputRows, NewInput } from './input-rows';
import { NodeContextLoader } from './node-context.loader';

/** Inputs created for a batch: the ones to judge now and the ones to analyse first. */
export interface Addressed {
  toJudge: InputJob[];
  toAnalyse: InputJob[];
}

/**
 * Router side of the mechanic runtime: finds, for each routed event, the activity or node it
 * answers, by the routes mechanics declare (invitation id, claim, node, reference), and
 * records one mechanic_input per (event, node). Runs inside the router's transaction, so an
 * event is addressed exactly when it is marked processed. Re-running adds nothing.
 */
@Injectable()
export class InputAddresser {
  constructor(
    private readonly registry: MechanicRegistry,
    private readonly claimer: InputClaimer,
    private readonly rows: InputRows,
    private readonly nodes: NodeContextLoader,
  ) {}

  async address(tx: EntityManager, workspaceId: string, events: InboundEventEntity[]): Promise<Addressed> {
    const out: Addressed = { toJudge: [], toAnalyse: [] };
    if (events.length === 0) return out;
    const taken = new Set((await this.rows.eventsWithInputs(tx, events.map((e) => e.id))).keys());
    const fresh: NewInput[] = [];
    fresh.push(...(await this.byInvitation(tx, workspaceId, events.filter((e) => !taken.has(e.id)))));
    for (const input of fresh) taken.add(input.eventId);
    const claimed = await this.claimer.claimForEvents(tx, workspaceId, events.filter((e) => !taken.has(e.id)));
    fresh.push(...claimed);
    fresh.push(...(await this.byNode(tx, workspaceId, events)));
    fresh.push(...(await this.byRef(tx, workspaceId, events)));
    for (const row of await this.rows.insert(tx, fresh)) {
      if (row.state === 'pending') out.toJudge.push(row);
      if (row.state === 'analysing') out.toAnalyse.push(row);
    }
    return out;
  }

  /** `data[field]` names the activity; one that does not exist is judged UNKNOWN_INVITATION at once. */
  private async byInvitation(tx: EntityManager, workspaceId: string, events: InboundEventEntity[]): Promise<NewInput[]> {
    const named = events.flatMap((e) =>
      this.registry.routesFor(e.type, 'invitation').flatMap(({ route }) => {
        const id = route.address.by === 'invitation' ? e.data[route.address.field] : null;
        return typeof id === 'string' && UUID_PATTERN.test(id) ? [{ event: e, activityId: id.toLowerCase(), analyse: route.analyse }] : [];
      }),
    );
    if (named.length === 0) return [];
    const activities = new Map(
      (await tx.getRepository(ActivityEntity).findBy({ workspaceId, id: In([...new Set(named.map((n) => n.activityId))]) })).map((a) => [a.id, a]),
    );
    const seen = new Set<string>();
    return named.flatMap(({ event, activityId, analyse }): NewInput[] => {
      if (seen.has(event.id)) return [];
      seen.add(event.id);
      const activity = activities.get(activityId);
      const base = { ...InputRows.fromEvent(event), route: 'invitation' as const, ref: null };
      if (!activity) return [{ ...base, campaignId: null, nodeId: null, activityId: null, state: 'judged' as const, accepted: false, reason: 'UNKNOWN_INVITATION' }];
      return [{ ...base, campaignId: activity.campaignId, nodeId: activity.nodeId, activityId: activity.id, state: analyse ? ('analysing' as const) : ('pending' as const) }];
    });
  }

  /** Live nodes of mechanics taking this event type at node level, each deciding by its own window. */
  private async byNode(tx: EntityManager, workspaceId: string, events: InboundEventEntity[]): Promise<NewInput[]> {
    const wanted = events.map((e) => ({ e, routes: this.registry.routesFor(e.type, 'node') })).filter((w) => w.routes.length > 0);
    if (wanted.length === 0) return [];
    const kinds = [...new Set(wanted.flatMap((w) => w.routes.map((r) => r.kind)))];
    const earliest = new Date(Math.min(...wanted.map((w) => w.e.occurredAt.getTime())));
    const nodes: NodeEntity[] = await tx
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoin(CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('c.workspace_id = :ws AND n.mechanic_kind IN (:...kinds)', { ws: workspaceId, kinds })
      .andWhere(routableCampaignSql(':since'), { since: earliest })
      .getMany();
    if (nodes.length === 0) return [];
    const campaigns = new Map((await tx.getRepository(CampaignEntity).findBy({ id: In([...new Set(nodes.map((n) => n.campaignId))]) })).map((c) => [c.id, c]));
    const out: NewInput[] = [];
    for (const { e, routes } of wanted) {
      for (const { kind, route } of routes) {
        for (const node of nodes.filter((n) => n.mechanicKind === kind)) {
          const campaign = campaigns.get(node.campaignId)!;
          if (livenessAt(toMatchCampaign(campaign), e.occurredAt) !== 'live') continue;
          const { handler, ctx } = this.nodes.snapshot(node, campaign);
          if (!handler.node?.acceptsNodeInput(ctx, { type: e.type, occurredAt: e.occurredAt, data: e.data })) continue;
          out.push({ ...InputRows.fromEvent(e), route: 'node', ref: null, campaignId: campaign.id, nodeId: node.id, activityId: null, state: route.analyse ? 'analysing' : 'pending' });
        }
      }
    }
    return out;
  }

  /** `data[field]` is a registered reference (an entry id); an unknown one waits until it is registered. */
  private async byRef(tx: EntityManager, workspaceId: string, events: InboundEventEntity[]): Promise<NewInput[]> {
    const wanted = events.flatMap((e) =>
      this.registry.routesFor(e.type, 'ref').flatMap(({ kind, route }) => {
        const value = route.address.by === 'ref' ? e.data[route.address.field] : null;
        return typeof value === 'string' && route.address.by === 'ref' ? [{ e, mechanic: kind, refKind: route.address.kind, value, analyse: route.analyse }] : [];
      }),
    );
    if (wanted.length === 0) return [];
    const holders = await tx.getRepository(MechanicRefEntity).findBy({ workspaceId, value: In([...new Set(wanted.map((w) => w.value))]) });
    const nodeKinds = new Map(
      (await tx.getRepository(NodeEntity).findBy({ id: In([...new Set(holders.map((h) => h.nodeId))]) })).map((n) => [n.id, n.mechanicKind]),
    );
    return wanted.map(({ e, mechanic, refKind, value, analyse }) => {
      const holder = holders.find((h) => h.kind === refKind && h.value === value && nodeKinds.get(h.nodeId) === mechanic);
      const base = { ...InputRows.fromEvent(e), route: 'ref' as const, ref: value, activityId: null };
      if (!holder) return { ...base, campaignId: null, nodeId: null, state: 'waiting' as const, reason: `WAITING_FOR_${refKind.toUpperCase()}` };
      return { ...base, campaignId: holder.campaignId, nodeId: holder.nodeId, state: analyse ? ('analysing' as const) : ('pending' as const) };
    });
  }
}
