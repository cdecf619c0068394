import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lib/persistence';
import { CodeHasher } from './code-hasher';
import { CodeHistory } from './code-history';
import { CodeIssuer } from './code-issuer';
import { CodeRedemptions } from './code-redemptions';
import { CodeReservations } from './code-reservations';
import { CodeTransfers } from './code-transfers';

const SERVICES = [CodeHasher, CodeIssuer, CodeRedemptions, CodeReservations, CodeTransfers, CodeHistory];

/** Invite codes: the app must provide CodesEnv (CODE_HASH_KEY) in CanyuConfigModule.forApp. */
@Module({ imports: [PersistenceModule], providers: SERVICES, exports: SERVICES })
export class CodesModule {}
