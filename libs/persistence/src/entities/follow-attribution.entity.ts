import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Which campaigns a follow counts for: the campaign of the post it names, or every campaign
 * running when a brand follow happened. Written when the follow is recorded.
 */
@Entity('follow_attribution')
@Index(['campaignId'])
export class FollowAttributionEntity {
  @PrimaryColumn({ name: 'inbound_event_id', type: 'uuid' }) inboundEventId!: string;
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
}
