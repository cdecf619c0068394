import { Module } from '@nestjs/common';
import { ChannelsModule } from '@lib/channels';
import { CanyuConfigModule, CodesEnv, DatabaseEnv, DrawEnv, LogEnv, MediaEnv, RedisEnv, WebhookEnv, WorkerEnv } from '@lib/config';
import { CodesModule } from '@lib/codes';
import { StorageModule } from '@lib/storage';
import { DrawsModule } from '@lib/draws';
import { LedgerModule } from '@lib/ledger';
import { CirclesModule } from '@lib/circles';
import { MechanicsModule } from '@lib/mechanics';
import { ObservabilityModule } from '@lib/observability';
import { PersistenceModule } from '@lib/persistence';
import { QueueModule, RedisModule } from '@lib/queue';
import { RoutingModule } from '@lib/routing';
import { CampaignClock } from './maintenance/campaign-clock';
import { OutboxSweeper } from './maintenance/outbox-sweeper';
import { MaintenanceLoop } from './maintenance/maintenance-loop';
import { InputClaimer } from './mechanics/input-claimer';
import { MechanicContextLoader } from './mechanics/mechanic-context.loader';
import { ActivateHandler, DeadlineHandler, InputHandler, LegacyInputHandler } from './mechanics/mechanic-runner';
import { ANALYSERS, AnalyseHandler, Analyser } from './mechanics/analysis';
import { LoudnessAnalyser } from './mechanics/loudness-analyser';
import { InputAddresser } from './mechanics/input-addresser';
import { InputRows } from './mechanics/input-rows';
import { NodeContextLoader } from './mechanics/node-context.loader';
import { NodeEffects } from './mechanics/node-effects';
import { NodeInputRunner } from './mechanics/node-input-runner';
import { PhaseHandler, PhaseScheduler } from './mechanics/node-phases';
import { RolloutScheduler } from './mechanics/rollout-phases';
import { ReviewHandler } from './mechanics/review-handler';
import { AnalysisProcessor } from './processors/analysis.processor';
import { OutcomeApplier } from './mechanics/outcome-applier';
import { CodeEffects } from './mechanics/code-effects';
import { SendMessageHandler } from './outreach/send-message.handler';
import { EventsProcessor } from './processors/events.processor';
import { MechanicsProcessor } from './processors/mechanics.processor';
import { OutreachProcessor } from './processors/outreach.processor';
import { EventRouter } from './routing/event-router';
import { RouteBatchHandler, RouteEventHandler } from './routing/route-event.handler';
import { PurchaseCodes } from './routing/purchase-codes';

@Module({
  imports: [
    CanyuConfigModule.forApp([DatabaseEnv, RedisEnv, LogEnv, WebhookEnv, WorkerEnv, DrawEnv, MediaEnv, CodesEnv]),
    ObservabilityModule.forApp('worker'),
    PersistenceModule,
    QueueModule.forRoot(),
    RedisModule,
    MechanicsModule,
    ChannelsModule,
    RoutingModule,
    DrawsModule,
    StorageModule,
    LedgerModule,
    CodesModule,
    CirclesModule,
  ],
  providers: [
    EventRouter,
    PurchaseCodes,
    RouteEventHandler,
    RouteBatchHandler,
    MechanicContextLoader,
    InputClaimer,
    InputAddresser,
    InputRows,
    NodeContextLoader,
    NodeEffects,
    NodeInputRunner,
    PhaseScheduler,
    PhaseHandler,
    RolloutScheduler,
    ReviewHandler,
    AnalyseHandler,
    LoudnessAnalyser,
    { provide: ANALYSERS, inject: [LoudnessAnalyser], useFactory: (...analysers: Analyser[]) => analysers },
    AnalysisProcessor,
    OutcomeApplier,
    CodeEffects,
    ActivateHandler,
    InputHandler,
    LegacyInputHandler,
    DeadlineHandler,
    SendMessageHandler,
    OutboxSweeper,
    CampaignClock,
    MaintenanceLoop,
    EventsProcessor,
    MechanicsProcessor,
    OutreachProcessor,
  ],
})
export class WorkerModule {}
