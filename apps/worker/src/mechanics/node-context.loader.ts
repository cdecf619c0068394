import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MechanicHandler, MechanicRegistry, NodeContext } from '@lib/mechanics';
import { CampaignEntity, NodeEntity } from '@lib/persistence';

export interface LoadedNode {
  node: NodeEntity;
  campaign: CampaignEntity;
  handler: MechanicHandler;
  ctx: NodeContext<object>;
}

/** Builds the snapshot a node mechanic decides on (config parsed and upgraded by the registry). */
@Injectable()
export class NodeContextLoader {
  constructor(private readonly registry: MechanicRegistry) {}

  async load(tx: EntityManager, workspaceId: string, nodeId: string): Promise<LoadedNode | null> {
    const node = await tx.getRepository(NodeEntity).findOneBy({ id: nodeId });
    if (!node) return null;
    const campaign = await tx.getRepository(CampaignEntity).findOneBy({ id: node.campaignId, workspaceId });
    return campaign ? this.snapshot(node, campaign) : null;
  }

  snapshot(node: NodeEntity, campaign: CampaignEntity): LoadedNode {
    const { handler, ctx } = nodeSnapshot(this.registry, node, campaign);
    return { node, campaign, handler, ctx };
  }
}

/** The handler and the node-level view every mechanic context starts from (config parsed and upgraded). */
export function nodeSnapshot(registry: MechanicRegistry, node: NodeEntity, campaign: CampaignEntity): { handler: MechanicHandler; ctx: NodeContext<object> } {
  return {
    handler: registry.get(node.mechanicKind),
    ctx: {
      config: registry.parseConfig(node.mechanicKind, node.config, node.configVersion),
      campaign: { id: campaign.id, name: campaign.name, timezone: campaign.timezone },
      node: { id: node.id, name: node.name, channel: node.channel },
      now: new Date(),
    },
  };
}
