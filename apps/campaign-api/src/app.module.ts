import { Module } from '@nestjs/common';
import { AccessModule } from '@lib/access';
import { AccessEnv, CanyuConfigModule, CodeLockoutEnv, CodesEnv, DatabaseEnv, HttpEnv, IngestEnv, MediaEnv, RedisEnv, WebhookEnv } from '@lib/config';
import { CodesModule } from '@lib/codes';
import { MULTIPART_ROUTES, OpsModule } from '@lib/http-kit';
import { LedgerModule } from '@lib/ledger';
import { CirclesModule } from '@lib/circles';
import { MechanicsModule } from '@lib/mechanics';
import { EntriesController } from './contests/entries.controller';
import { EntriesService } from './contests/entries.service';
import { ObservabilityModule } from '@lib/observability';
import { PersistenceModule } from '@lib/persistence';
import { QueueModule, RedisModule } from '@lib/queue';
import { RoutingModule } from '@lib/routing';
import { StorageModule } from '@lib/storage';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsService } from './campaigns/campaigns.service';
import { EventStore } from './ingest/event-store';
import { EventsController } from './ingest/events.controller';
import { IngestService } from './ingest/ingest.service';
import { EventTypesController } from './event-types/event-types.controller';
import { EventTypesService } from './event-types/event-types.service';
import { ExplainController } from './explain/explain.controller';
import { ExplainService } from './explain/explain.service';
import { BudgetController } from './ledger/budget.controller';
import { BudgetService } from './ledger/budget.service';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerEntriesService } from './ledger/ledger-entries.service';
import { PrizePoolsController } from './ledger/prize-pools.controller';
import { PrizePoolsService } from './ledger/prize-pools.service';
import { MessagesController } from './messages/messages.controller';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { ParticipantsController } from './participants/participants.controller';
import { CallbackReplayGuard } from './webhooks/callback-replay-guard';
import { CallbacksController } from './webhooks/callbacks.controller';
import { VOICE_ENTRY_ROUTES, VoiceEntriesController } from './voice-entries/voice-entries.controller';
import { VoiceEntriesService } from './voice-entries/voice-entries.service';
import { CodeLockout } from './codes/code-lockout';
import { CodePoolsController } from './codes/code-pools.controller';
import { CodePoolsService } from './codes/code-pools.service';
import { CodeUseService } from './codes/code-use.service';
import { CodesController } from './codes/codes.controller';
import { GateCodes } from './purchase-gate/gate-codes';
import { PurchaseGateController } from './purchase-gate/purchase-gate.controller';
import { PurchaseGateService } from './purchase-gate/purchase-gate.service';
import { AdmissionsController } from './circles/admissions.controller';
import { CircleMovesController } from './circles/circle-moves.controller';
import { CirclesController } from './circles/circles.controller';
import { CirclesApi } from './circles/circles-api.service';

@Module({
  imports: [
    CanyuConfigModule.forApp([DatabaseEnv, RedisEnv, HttpEnv, IngestEnv, WebhookEnv, AccessEnv, MediaEnv, CodesEnv, CodeLockoutEnv]),
    ObservabilityModule.forApp('campaign-api'),
    PersistenceModule,
    QueueModule.forRoot({ producerOnly: true }),
    AccessModule,
    OpsModule,
    RedisModule,
    MechanicsModule,
    RoutingModule,
    LedgerModule,
    StorageModule,
    CodesModule,
    CirclesModule,
  ],
  controllers: [
    CampaignsController,
    NodesController,
    EventsController,
    EventTypesController,
    ExplainController,
    MessagesController,
    ParticipantsController,
    ApiKeysController,
    AuditController,
    CallbacksController,
    PrizePoolsController,
    BudgetController,
    LedgerController,
    EntriesController,
    VoiceEntriesController,
    CodePoolsController,
    CodesController,
    PurchaseGateController,
    CirclesController,
    AdmissionsController,
    CircleMovesController,
  ],
  providers: [
    AuditService,
    CampaignsService,
    NodesService,
    EventTypesService,
    EventStore,
    IngestService,
    ExplainService,
    CallbackReplayGuard,
    PrizePoolsService,
    BudgetService,
    LedgerEntriesService,
    EntriesService,
    VoiceEntriesService,
    CodePoolsService,
    CodeUseService,
    GateCodes,
    PurchaseGateService,
    CodeLockout,
    CirclesApi,
    { provide: MULTIPART_ROUTES, useValue: VOICE_ENTRY_ROUTES },
  ],
})
export class AppModule {}
