import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lib/persistence';
import { DrawBook } from './draw-book';
import { DrawReader } from './draw-reader';
import { DrawSeedVault } from './draw-seed-vault';

/** Reading draws and proofs: no key needed (the HTTP read API). */
@Module({ imports: [PersistenceModule], providers: [DrawReader], exports: [DrawReader] })
export class DrawReadModule {}

/** Committing and making draws: the app must provide DrawEnv (DRAW_SEED_KEY) in CanyuConfigModule.forApp. */
@Module({ imports: [DrawReadModule], providers: [DrawSeedVault, DrawBook], exports: [DrawBook, DrawReadModule] })
export class DrawsModule {}
