import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsInstant, IsLaterThan } from '../shared/instant-rules';

/** Event types a referee's first qualifying action may be (routed to the node as inputs). */
export const QUALIFYING_EVENT_TYPES = ['purchase'] as const;

/** Config of a referral (fission) node: personal codes, first-touch attribution, rewards after a qualifying action. */
export class ReferralConfig {
  /** The link sent with a code: an https URL holding `{code}` once or more. */
  @IsString() @MaxLength(500) @Matches(/^https:\/\/[^\s]+$/, { message: 'linkTemplate must be an https URL' }) @Matches(/\{code\}/, { message: 'linkTemplate must contain {code}' })
  linkTemplate!: string;

  /**
   * A person is new, and so can be attributed, when the sign-up naming a code lies within this
   * many hours after the first event the workspace saw from them (business time).
   */
  @IsInt() @Min(1) @Max(24 * 366) attributionWindowHours: number = 7 * 24;

  /** What makes a referee count: the referrer is rewarded only after the referee's first one. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(QUALIFYING_EVENT_TYPES.length) @IsIn(QUALIFYING_EVENT_TYPES, { each: true })
  qualifyingEventTypes: string[] = ['purchase'];

  /** Referrer rewards come from this pool (its stock, budget and per-participant limit apply). */
  @IsOptional() @IsUUID() prizePoolId?: string;

  /** Rewards per referrer from this node, on top of the pool's own per-participant limit. */
  @IsInt() @Min(1) @Max(100_000) maxRewardsPerReferrer: number = 20;

  /** Referees attributed in this node sharing one device hash (more are refused). */
  @IsInt() @Min(1) @Max(1000) maxReferralsPerDevice: number = 3;

  /** Referees attributed in this node sharing one contact hash (more are refused). */
  @IsInt() @Min(1) @Max(1000) maxReferralsPerContact: number = 1;

  /** Sign-ups and qualifying actions count from here (default: whenever the campaign runs)… */
  @IsOptional() @IsInstant() opensAt?: string;
  /** …until here (exclusive). */
  @IsOptional() @IsInstant() @IsLaterThan('opensAt', (o) => (o as ReferralConfig).opensAt) closesAt?: string;
}
