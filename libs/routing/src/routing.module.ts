import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lib/persistence';
import { NodeEvaluator } from './node-evaluator';

@Module({ imports: [PersistenceModule], providers: [NodeEvaluator], exports: [NodeEvaluator] })
export class RoutingModule {}
