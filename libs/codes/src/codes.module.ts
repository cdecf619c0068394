import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersistenceModule } from '@lib/persistence';
import { AttemptLog } from './attempt-log';
import { CodeHasher } from './code-hasher';
import { CodeHistory } from './code-history';
import { CodeIssuer } from './code-issuer';
import { CodeRedemptions } from './code-redemptions';
import { CodeReservations } from './code-reservations';
import { CodeTransfers } from './code-transfers';

const SERVICES = [CodeHasher, CodeIssuer, CodeRedemptions, CodeReservations, CodeTransfers, CodeHistory];

/** Invite codes: the app must provide CodesEnv (CODE_HASH_KEY) in CanyuConfigModule.forApp. */
@Module({
  imports: [PersistenceModule],
  providers: [...SERVICES, { provide: AttemptLog, inject: [DataSource], useFactory: (db: DataSource) => new AttemptLog(db) }],
  exports: [...SERVICES, AttemptLog],
})
export class CodesModule {}
