import { Init1795698688926 } from './1795698688926-Init';
import { SpreadPostRefIndex1795699617255 } from './1795699617255-SpreadPostRefIndex';
import { SettleChildrenIndex1795701532140 } from './1795701532140-SettleChildrenIndex';
import { SweeperIndexes1795702823812 } from './1795702823812-SweeperIndexes';
import { BusinessTimeAndEventContract1796119154845 } from './1796119154845-BusinessTimeAndEventContract';
import { ApiKeyExpiry1796119162425 } from './1796119162425-ApiKeyExpiry';
import { WorkerHeartbeat1796119256264 } from './1796119256264-WorkerHeartbeat';
import { AddressedEventIndex1796120967339 } from './1796120967339-AddressedEventIndex';
import { MechanicRuntime1796128433017 } from './1796128433017-MechanicRuntime';
import { VerifiableDraws1796128811014 } from './1796128811014-VerifiableDraws';
import { Ledger1796129453355 } from './1796129453355-Ledger';
import { EntryReview1796130409166 } from './1796130409166-EntryReview';
import { PurchaseGate1796137384132 } from './1796137384132-PurchaseGate';
import { InviteCodes1796138896447 } from './1796138896447-InviteCodes';
import { FanCircles1796137443808 } from './1796137443808-FanCircles';
import { NodeRollout1796137440991 } from './1796137440991-NodeRollout';
import { ReferralSignup1796137736562 } from './1796137736562-ReferralSignup';
import { CircleAdmissionVia1796139671064 } from './1796139671064-CircleAdmissionVia';

// Every migration, in order. `npm run migration:generate -- Name` writes a new file; add it here.
export const MIGRATIONS: Function[] = [
  Init1795698688926,
  SpreadPostRefIndex1795699617255,
  SettleChildrenIndex1795701532140,
  SweeperIndexes1795702823812,
  BusinessTimeAndEventContract1796119154845,
  ApiKeyExpiry1796119162425,
  WorkerHeartbeat1796119256264,
  AddressedEventIndex1796120967339,
  MechanicRuntime1796128433017,
  VerifiableDraws1796128811014,
  Ledger1796129453355,
  EntryReview1796130409166,
  PurchaseGate1796137384132,
  NodeRollout1796137440991,
  FanCircles1796137443808,
  ReferralSignup1796137736562,
  InviteCodes1796138896447,
  CircleAdmissionVia1796139671064,
];
