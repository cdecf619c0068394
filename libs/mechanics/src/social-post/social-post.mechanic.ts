import { Injectable } from '@nestjs/common';
import { ActivityState, MechanicKind, isFinal } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicInput, MechanicOutcome } from '../mechanic.interface';
import { SocialPostConfig } from './social-post.config';
import { pickPrompts } from './prompt-picker';
import { carriesTopic } from './topic-match';

const HOUR_MS = 3_600_000;

/**
 * Post after purchase: invite the buyer to post with topic prompts, verify the post that
 * comes back (topic present, before the deadline, first answer only), and turn it into a
 * spread event.
 */
@Injectable()
export class SocialPostMechanic implements MechanicHandler<SocialPostConfig> {
  readonly kind = MechanicKind.SocialPost;
  readonly configClass = SocialPostConfig;
  readonly configVersion = 1;
  readonly inputEventTypes = ['post'] as const;

  activate(ctx: MechanicContext<SocialPostConfig>): MechanicOutcome {
    const { config, activity } = ctx;
    if (activity.state !== ActivityState.Pending) return this.unchanged(ctx);
    const prompts = pickPrompts(config.prompts, config.promptsToShow, activity.id);
    const deadline = new Date(activity.createdAt.getTime() + config.deadlineHours * HOUR_MS);
    const result = { prompts, topic: config.topic, postChannel: config.postChannel };
    return {
      state: ActivityState.Invited,
      result,
      effects: [
        {
          type: 'message',
          purpose: 'invitation',
          body: {
            kind: 'social-post.invitation',
            invitationId: activity.id,
            campaign: ctx.campaign.name,
            topic: `#${config.topic}#`,
            prompts,
            postTo: config.postChannel,
            deadline: deadline.toISOString(),
            reward: config.reward?.description ?? null,
          },
        },
        { type: 'deadline', at: deadline },
      ],
    };
  }

  handle(ctx: MechanicContext<SocialPostConfig>, input: MechanicInput): MechanicOutcome {
    const reject = (reason: string): MechanicOutcome => ({ ...this.unchanged(ctx), verdict: { accepted: false, reason } });
    const { event } = input;
    const { state, deadlineAt } = ctx.activity;
    if (state === ActivityState.Completed) return reject('ALREADY_COMPLETED');
    if (deadlineAt && event.occurredAt > deadlineAt) return reject('AFTER_DEADLINE');
    // Judged at business time: a post made in time still counts if it syncs after expiry.
    const open = state === ActivityState.Invited || state === ActivityState.Expired;
    if (!open) return reject(isFinal(state) ? `ACTIVITY_${state.toUpperCase()}` : 'NOT_INVITED_YET');
    if (typeof event.data.postId !== 'string' || event.data.postId.length === 0) return reject('MISSING_POST_ID');
    if (!carriesTopic(event.data, ctx.config.topic)) return reject('TOPIC_MISSING');

    const effects: MechanicOutcome['effects'] = [{ type: 'spread' }];
    if (ctx.config.reward) {
      effects.push({
        type: 'message',
        purpose: 'thanks',
        body: { kind: 'social-post.thanks', invitationId: ctx.activity.id, reward: ctx.config.reward.description },
      });
    }
    return {
      state: ActivityState.Completed,
      result: { ...ctx.activity.result, postId: event.data.postId, postedAt: event.occurredAt.toISOString() },
      effects,
      verdict: { accepted: true },
    };
  }

  expire(ctx: MechanicContext<SocialPostConfig>): MechanicOutcome | null {
    if (ctx.activity.state !== ActivityState.Invited) return null;
    return { state: ActivityState.Expired, result: ctx.activity.result, effects: [] };
  }

  private unchanged(ctx: MechanicContext<SocialPostConfig>): MechanicOutcome {
    return { state: ctx.activity.state, result: ctx.activity.result, effects: [] };
  }
}
