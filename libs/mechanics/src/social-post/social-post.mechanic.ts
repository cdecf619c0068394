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
  readonly inputs = [
    { type: 'post', address: { by: 'invitation', field: 'invitationId' } },
    { type: 'post', address: { by: 'claim' } },
  ] as const;

  activate(ctx: MechanicContext<SocialPostConfig>): MechanicOutcome {
    const { config, activity } = ctx;
    if (activity.state !== ActivityState.Pending) return this.unchanged(ctx);
    const prompts = pickPrompts(config.prompts, config.promptsToShow, activity.id);
    const deadline = this.deadlineOf(ctx);
    const result = { prompts, topic: config.topic, postChannel: config.postChannel };
    // A late sync: inviting someone to post before a deadline that has passed helps nobody.
    if (deadline <= ctx.now) {
      return { state: ActivityState.Expired, result, effects: [{ type: 'deadline', at: deadline }], reason: 'DEADLINE_PASSED_BEFORE_INVITATION' };
    }
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
          expiresAt: deadline,
        },
        { type: 'deadline', at: deadline },
      ],
    };
  }

  handle(ctx: MechanicContext<SocialPostConfig>, input: MechanicInput): MechanicOutcome {
    const reject = (reason: string): MechanicOutcome => ({ ...this.unchanged(ctx), verdict: { accepted: false, reason } });
    const { event } = input;
    const { state } = ctx.activity;
    if (state === ActivityState.Completed) return reject('ALREADY_COMPLETED');
    if (event.occurredAt > this.deadlineOf(ctx)) return reject('AFTER_DEADLINE');
    // Judged at business time: a post made in time still counts if it syncs after expiry.
    const open = state === ActivityState.Invited || state === ActivityState.Expired;
    if (!open) return reject(isFinal(state) ? `ACTIVITY_${state.toUpperCase()}` : 'NOT_INVITED_YET');
    if (typeof event.data.postId !== 'string' || event.data.postId.length === 0) return reject('MISSING_POST_ID');
    if (!carriesTopic(event.data, ctx.config.topic)) return reject('TOPIC_MISSING');

    const effects: MechanicOutcome['effects'] = [{ type: 'spread', channel: ctx.config.postChannel }];
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
    const sent = ctx.messages.some((m) => m.purpose === 'invitation' && m.status === 'sent');
    return { state: ActivityState.Expired, result: ctx.activity.result, effects: [], reason: sent ? 'NO_POST_BEFORE_DEADLINE' : 'INVITATION_NOT_SENT_BEFORE_DEADLINE' };
  }

  /** A post naming no invitation answers this activity when it carries the topic, in time. */
  claims(ctx: MechanicContext<SocialPostConfig>, input: MechanicInput): boolean {
    const { state, triggeredAt } = ctx.activity;
    const at = input.event.occurredAt;
    if (state !== ActivityState.Invited && state !== ActivityState.Expired) return false;
    if (at < triggeredAt || at > this.deadlineOf(ctx)) return false;
    return carriesTopic(input.event.data, ctx.config.topic);
  }

  // Counted from the purchase's business time: a purchase synced a day late gets no extra day.
  private deadlineOf(ctx: MechanicContext<SocialPostConfig>): Date {
    return ctx.activity.deadlineAt ?? new Date(ctx.activity.triggeredAt.getTime() + ctx.config.deadlineHours * HOUR_MS);
  }

  private unchanged(ctx: MechanicContext<SocialPostConfig>): MechanicOutcome {
    return { state: ctx.activity.state, result: ctx.activity.result, effects: [] };
  }
}
