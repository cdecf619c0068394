import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatus, matchNode, NodeMatch } from '@lib/domain';
import { CampaignEntity, InboundEventEntity, NodeEntity, ParticipantEntity } from '@lib/persistence';

export interface NodeVerdict {
  node: NodeEntity;
  campaign: CampaignEntity;
  match: NodeMatch;
}

// Campaigns whose nodes can still be entered or explained (draft/ended ones never route).
const ROUTABLE = [CampaignStatus.Live, CampaignStatus.Paused];

/**
 * Evaluates an event against every node of a live or paused campaign in its workspace that
 * triggers on its type. Shared by the worker's router and the explain endpoint, so both
 * reach the same verdicts. Re-entry is decided later, by the activity's unique key.
 */
@Injectable()
export class NodeEvaluator {
  constructor(private readonly db: DataSource) {}

  async evaluate(event: InboundEventEntity): Promise<NodeVerdict[]> {
    const nodes = await this.db
      .getRepository(NodeEntity)
      .createQueryBuilder('n')
      .innerJoin(CampaignEntity, 'c', 'c.id = n.campaign_id')
      .where('n.workspace_id = :ws AND n.trigger_event_type = :type AND c.status IN (:...statuses)', {
        ws: event.workspaceId,
        type: event.type,
        statuses: ROUTABLE,
      })
      .orderBy('n.created_at')
      .getMany();
    if (nodes.length === 0) return [];
    const campaigns = await this.db
      .getRepository(CampaignEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: [...new Set(nodes.map((n) => n.campaignId))] })
      .getMany();
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    const participant = await this.db.getRepository(ParticipantEntity).findOneBy({ id: event.participantId });
    return nodes.map((node) => {
      const campaign = byId.get(node.campaignId)!;
      const match = matchNode(
        campaign,
        {
          triggerEventType: node.triggerEventType,
          conditions: node.conditions,
          audienceCircles: node.audienceCircles,
          window: { startsAt: node.windowStartsAt, endsAt: node.windowEndsAt, weekly: node.weeklySlots },
          reentry: node.reentry,
        },
        { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data },
        participant?.circle ?? null,
      );
      return { node, campaign, match };
    });
  }
}
