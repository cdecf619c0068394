import { Module } from '@nestjs/common';
import { AccessModule } from '@lib/access';
import { AccessEnv, CanyuConfigModule, DatabaseEnv, HttpEnv, RedisEnv, WorkerEnv } from '@lib/config';
import { DrawReadModule } from '@lib/draws';
import { OpsModule } from '@lib/http-kit';
import { ObservabilityModule } from '@lib/observability';
import { PersistenceModule } from '@lib/persistence';
import { QueueModule, RedisModule } from '@lib/queue';
import { DashboardController } from './dashboard/dashboard.controller';
import { DrawsController } from './draws/draws.controller';
import { ContestController } from './contests/contest.controller';
import { ContestService } from './contests/contest.service';
import { ReferralsController } from './referrals/referrals.controller';
import { ReferralsService } from './referrals/referrals.service';
import { OutcomesController, WorkspaceOutcomesController } from './outcomes/outcomes.controller';
import { OutcomesService } from './outcomes/outcomes.service';
import { ScoringProcessor } from './processors/scoring.processor';
import { LeaderboardStore } from './spread/leaderboard.store';
import { SpreadRecorder } from './spread/spread-recorder';
import { CreditSpreadHandler, RecordSpreadBatchHandler, RecordSpreadHandler, SpreadCreditor } from './spread/spread.handlers';

/** The spread-event write path (scoring queue) and the outcome read API (draw proofs included) + dashboard. */
@Module({
  imports: [
    CanyuConfigModule.forApp([DatabaseEnv, RedisEnv, HttpEnv, WorkerEnv, AccessEnv]),
    ObservabilityModule.forApp('scoring'),
    PersistenceModule,
    QueueModule.forRoot(),
    RedisModule,
    AccessModule,
    OpsModule,
    DrawReadModule,
  ],
  controllers: [OutcomesController, WorkspaceOutcomesController, DashboardController, DrawsController, ContestController, ReferralsController],
  providers: [LeaderboardStore, SpreadRecorder, SpreadCreditor, RecordSpreadHandler, RecordSpreadBatchHandler, CreditSpreadHandler, ScoringProcessor, OutcomesService, ContestService, ReferralsService],
})
export class ScoringModule {}
