import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lib/persistence';
import { Ledger } from './ledger';

@Module({ imports: [PersistenceModule], providers: [Ledger], exports: [Ledger] })
export class LedgerModule {}
