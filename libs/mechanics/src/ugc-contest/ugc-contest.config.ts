import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength,
  ValidateBy, ValidateNested,
} from 'class-validator';
import { canonicalBlockedWord } from './blocked-words';
import { instantMs, IsInstant, IsLaterThan } from '../shared/instant-rules';

/** Round 1: the brand's seed post is out and reposts of it count for the campaign. */
export class UgcRound1Window {
  @IsInstant() opensAt!: string;
  @IsInstant() @IsLaterThan('opensAt', (o) => (o as UgcRound1Window).opensAt) closesAt!: string;
}

/**
 * Round 2: entries are taken in [entriesOpenAt, entriesCloseAt), votes in [votingOpensAt,
 * votingClosesAt). Voting may start while entries are still coming in, never before they open,
 * and it outlasts the entries: votingClosesAt is when the contest closes and winners are picked.
 */
export class UgcRound2Window {
  @IsInstant() entriesOpenAt!: string;

  @IsInstant() @IsLaterThan('entriesOpenAt', (o) => (o as UgcRound2Window).entriesOpenAt)
  entriesCloseAt!: string;

  @IsInstant() @IsLaterThan('entriesOpenAt', (o) => (o as UgcRound2Window).entriesOpenAt, true)
  votingOpensAt!: string;

  @IsInstant()
  @IsLaterThan('votingOpensAt', (o) => (o as UgcRound2Window).votingOpensAt)
  @IsLaterThan('entriesCloseAt', (o) => (o as UgcRound2Window).entriesCloseAt, true)
  votingClosesAt!: string;
}

export type VotingPeriodKind = 'calendar-day' | 'fixed';

/** What a `votingPeriod` with an unknown kind becomes: only there to fail validation. */
export class UgcVotingPeriodBase {
  @IsIn(['calendar-day', 'fixed'] satisfies VotingPeriodKind[]) kind!: string;
}

/** One vote per calendar day in the campaign's time zone. */
export class CalendarDayVotingPeriod {
  @IsIn(['calendar-day']) kind: 'calendar-day' = 'calendar-day';
}

/** One vote per `hours`, counted from round 2's votingOpensAt. */
export class FixedVotingPeriod {
  @IsIn(['fixed']) kind: 'fixed' = 'fixed';
  @IsInt() @Min(1) @Max(24 * 31) hours!: number;
}

export type UgcVotingPeriod = CalendarDayVotingPeriod | FixedVotingPeriod;

/** A blocked word: 1–100 characters and something left to match once normalised. */
function IsBlockedWord(): PropertyDecorator {
  return ValidateBy({
    name: 'isBlockedWord',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.length <= 100 && canonicalBlockedWord(value) !== null,
      defaultMessage: () => 'each blocked word is 1–100 characters with at least one letter, digit or symbol besides *',
    },
  }, { each: true });
}

export class UgcModeration {
  /** Matched after NFKC + case folding; see blocked-words.ts for the matching rules. */
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @IsBlockedWord()
  blockedWords: string[] = [];

  /**
   * Media types an entry may carry: a type (`image`, `video`, `audio`, or `image/*`) or a full
   * MIME type (`image/png`); `text` admits entries without media. Empty: no restriction.
   */
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value))
  @Matches(/^[a-z0-9][a-z0-9.+-]*(\/([a-z0-9][a-z0-9.+-]*|\*))?$/, { each: true, message: 'allowedMediaTypes holds types such as image, video/* or image/png' })
  allowedMediaTypes: string[] = [];

  /** Entries that pass the automatic rules wait for a marketer or staff member when true. */
  @IsBoolean() requireHumanApproval: boolean = true;
}

/** round 2 does not start before round 1 and round 1 does not outlive the contest; they may overlap. */
function IsAfterRound1(): PropertyDecorator {
  const problem = (config: UgcContestConfig): string | null => {
    const r1 = config.round1;
    const r2 = config.round2;
    if (!r1 || !r2) return null;
    const [opens, closes, entries, end] = [r1.opensAt, r1.closesAt, r2.entriesOpenAt, r2.votingClosesAt].map(instantMs);
    if (opens !== null && entries !== null && entries < opens) return 'round2.entriesOpenAt must be at or after round1.opensAt';
    if (closes !== null && end !== null && closes > end) return 'round1.closesAt must be at or before round2.votingClosesAt';
    return null;
  };
  return ValidateBy({
    name: 'isAfterRound1',
    validator: {
      validate: (_value: unknown, args) => !args || problem(args.object as UgcContestConfig) === null,
      defaultMessage: (args) => (args && problem(args.object as UgcContestConfig)) ?? 'round 2 must follow round 1',
    },
  });
}

/**
 * Config of a two-round UGC contest node ("our 150 grams of youth"). Fields with a default have
 * no IsOptional on purpose: a missing key keeps the default, an explicit null is refused.
 */
export class UgcContestConfig {
  /** The brand's round-1 post (its channel post id); reposts of it are round-1 cascades. */
  @IsString() @MinLength(1) @MaxLength(200) seedPostId!: string;

  @IsDefined() @ValidateNested() @Type(() => UgcRound1Window) round1!: UgcRound1Window;

  @IsDefined() @ValidateNested() @Type(() => UgcRound2Window) @IsAfterRound1() round2!: UgcRound2Window;

  /** How many entries win: the top N by valid votes. 36 phones in the seed campaign. */
  @IsInt() @Min(1) @Max(1000) winners: number = 36;

  /** The pool prizes are drawn from; without one, winners are published but nothing is awarded. */
  @IsOptional() @IsUUID() prizePoolId?: string | null;

  @ValidateNested()
  @Type(() => UgcVotingPeriodBase, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'kind',
      subTypes: [
        { value: CalendarDayVotingPeriod, name: 'calendar-day' },
        { value: FixedVotingPeriod, name: 'fixed' },
      ],
    },
  })
  votingPeriod: UgcVotingPeriod = new CalendarDayVotingPeriod();

  /** Whether a pending entry (awaiting a human) can already collect votes. */
  @IsBoolean() votableBeforeApproval: boolean = false;

  @ValidateNested() @Type(() => UgcModeration) moderation: UgcModeration = new UgcModeration();

  /** Entries a person may have in the contest; refused or rejected entries free their slot. */
  @IsInt() @Min(1) @Max(100) maxEntriesPerPerson: number = 1;
}
