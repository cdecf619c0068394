import { Module } from '@nestjs/common';
import { MECHANIC_HANDLER_LIST, MechanicRegistry } from './mechanic.registry';
import { MechanicHandler } from './mechanic.interface';
import { SocialPostMechanic } from './social-post/social-post.mechanic';
import { UgcContestMechanic } from './ugc-contest/ugc-contest.mechanic';
import { DrawMechanic } from './draw/draw.mechanic';
import { VoiceShoutMechanic } from './voice-shout/voice-shout.mechanic';
import { ReferralMechanic } from './referral/referral.mechanic';
import { InviteCodeMechanic } from './invite-code/invite-code.mechanic';

/** Every mechanic, in one greppable list. Adding one: a folder, an enum value, a line here. */
export const MECHANIC_HANDLERS = [SocialPostMechanic, UgcContestMechanic, DrawMechanic, VoiceShoutMechanic, ReferralMechanic, InviteCodeMechanic];

@Module({
  providers: [
    ...MECHANIC_HANDLERS,
    {
      provide: MECHANIC_HANDLER_LIST,
      inject: MECHANIC_HANDLERS,
      useFactory: (...handlers: MechanicHandler[]) => handlers,
    },
    MechanicRegistry,
  ],
  exports: [MechanicRegistry],
})
export class MechanicsModule {}
