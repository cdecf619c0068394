import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lib/persistence';
import { Admissions } from './admissions';
import { CircleMoves } from './circle-moves';
import { CirclePasses } from './circle-passes';
import { CircleRings } from './circle-rings';

@Module({ imports: [PersistenceModule], providers: [CircleMoves, Admissions, CircleRings, CirclePasses], exports: [CircleMoves, Admissions, CircleRings, CirclePasses] })
export class CirclesModule {}
