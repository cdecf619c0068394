import { ActivityEntity } from './activity.entity';
import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { CampaignEntity } from './campaign.entity';
import { InboundEventEntity } from './inbound-event.entity';
import { NodeEntity } from './node.entity';
import { OutboundMessageEntity } from './outbound-message.entity';
import { ParticipantEntity } from './participant.entity';
import { SpreadEventEntity } from './spread-event.entity';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';
import { WorkspaceEntity } from './workspace.entity';
import { EventTypeEntity } from './event-type.entity';
import { FollowerEntity } from './follower.entity';
import { FollowAttributionEntity } from './follow-attribution.entity';
import { MechanicInputEntity } from './mechanic-input.entity';
import { EntryReviewEntity } from './entry-review.entity';
import { MechanicRefEntity } from './mechanic-ref.entity';
import { NodePhaseEntity } from './node-phase.entity';
import { NodeStandingEntity } from './node-standing.entity';
import { DrawEntity } from './draw.entity';
import { PrizePoolEntity } from './prize-pool.entity';
import { CampaignBudgetEntity } from './campaign-budget.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LedgerEntryEventEntity } from './ledger-entry-event.entity';
import { PurchaseGateEntity } from './purchase-gate.entity';
import { CodeBatchEntity, CodePoolEntity } from './code-pool.entity';
import { CodeAttemptEntity, CodeEventEntity, InviteCodeEntity } from './invite-code.entity';
import { CircleRingEntity } from './circle-ring.entity';
import { CirclePhaseEntity } from './circle-phase.entity';
import { CircleMemberEntity } from './circle-member.entity';
import { CircleMoveEntity } from './circle-move.entity';
import { CircleAdmissionEntity } from './circle-admission.entity';

export const ENTITIES = [
  WorkspaceEntity,
  ApiKeyEntity,
  AuditLogEntity,
  CampaignEntity,
  NodeEntity,
  ParticipantEntity,
  InboundEventEntity,
  ActivityEntity,
  OutboundMessageEntity,
  SpreadEventEntity,
  EventTypeEntity,
  FollowerEntity,
  FollowAttributionEntity,
  WorkerHeartbeatEntity,
  MechanicInputEntity,
  EntryReviewEntity,
  MechanicRefEntity,
  NodePhaseEntity,
  NodeStandingEntity,
  DrawEntity,
  PrizePoolEntity,
  CampaignBudgetEntity,
  LedgerEntryEntity,
  LedgerEntryEventEntity,
  PurchaseGateEntity,
  CodePoolEntity,
  CodeBatchEntity,
  InviteCodeEntity,
  CodeEventEntity,
  CodeAttemptEntity,
  CircleRingEntity,
  CirclePhaseEntity,
  CircleMemberEntity,
  CircleMoveEntity,
  CircleAdmissionEntity,
];
