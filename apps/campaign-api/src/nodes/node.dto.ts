import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsEnum, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { CONDITION_OPS, ConditionOp, DEFAULT_MAX_LATENESS_HOURS, MAX_LATENESS_HOURS_LIMIT, ReentryRule } from '@lib/domain';
import { CHANNEL_NAMES } from '@lib/channels';
import { IsHhmm } from '../common/is-hhmm';
import { IsInstant } from '../common/is-instant';
import { NestedObject, NestedObjects } from '../common/nested';
import { RolloutStageDto } from './rollout.dto';

export const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

export class ConditionDto {
  @ApiProperty({ example: 'amount' }) @IsString() @Matches(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+){0,5}$/) field!: string;
  @ApiProperty({ enum: CONDITION_OPS }) @IsIn(CONDITION_OPS) op!: ConditionOp;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() value?: unknown;
}

export class TriggerDto {
  @ApiProperty({ example: 'purchase' }) @Matches(EVENT_TYPE, { message: 'eventType is lowercase letters, digits, _ . -' }) eventType!: string;
  @ApiPropertyOptional({ type: [ConditionDto], nullable: true })
  @IsOptional() @NestedObjects(() => ConditionDto) @ArrayMaxSize(20)
  conditions?: ConditionDto[] | null;
}

export class AudienceDto {
  @ApiPropertyOptional({ type: [String], example: ['core-fans'], description: 'omit (or null) for everyone', nullable: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true })
  circles?: string[] | null;
}

export class WeeklySlotDto {
  @ApiProperty({ type: [Number], example: [2], description: 'ISO weekdays, 1 = Monday … 7 = Sunday' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true })
  days!: number[];
  @ApiProperty({ example: '10:00' }) @IsHhmm() from!: string;
  @ApiProperty({ example: '22:00' }) @IsHhmm() to!: string;
}

export class WindowDto {
  @ApiPropertyOptional({ type: String, example: '2026-03-01T00:00:00+08:00', nullable: true }) @IsOptional() @IsInstant() startsAt?: string | null;
  @ApiPropertyOptional({ type: String, example: '2026-06-01T00:00:00+08:00', nullable: true }) @IsOptional() @IsInstant() endsAt?: string | null;
  @ApiPropertyOptional({ type: [WeeklySlotDto], description: "recurring slots in the campaign's time zone", nullable: true })
  @IsOptional() @NestedObjects(() => WeeklySlotDto) @ArrayMaxSize(14)
  weekly?: WeeklySlotDto[] | null;
}

export class MechanicDto {
  @ApiProperty({ example: 'social-post' }) @IsString() @MaxLength(64) kind!: string;
  @ApiProperty({ example: { prompts: ['More egg or more pancake?'], topic: 'TuesdayOpenPurchase' } }) @IsObject() config!: Record<string, unknown>;
}

// A node is replaced whole (POST and PUT): an optional field that is null or absent means its
// default (everyone, always open, once, sandbox); trigger and mechanic must be objects.
export class CreateNodeDto {
  @ApiProperty({ example: 'Post after purchase' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ type: TriggerDto }) @IsDefined() @NestedObject(() => TriggerDto) trigger!: TriggerDto;
  @ApiPropertyOptional({ type: AudienceDto, nullable: true }) @IsOptional() @NestedObject(() => AudienceDto) audience?: AudienceDto | null;
  @ApiPropertyOptional({ type: WindowDto, nullable: true }) @IsOptional() @NestedObject(() => WindowDto) window?: WindowDto | null;
  @ApiPropertyOptional({ type: String, enum: ReentryRule, default: ReentryRule.Once, nullable: true }) @IsOptional() @IsEnum(ReentryRule) reentry?: ReentryRule | null;
  @ApiPropertyOptional({
    type: [RolloutStageDto],
    nullable: true,
    description: 'ring-by-ring rollout: ordered stages, inner ring first (see ARCHITECTURE.md, "Ring-by-ring rollout")',
    example: [{ circles: ['honorary-developers'] }, { circles: ['core-fans'], after: 'PT48H', threshold: { participations: 100 } }, { everyone: true, after: 'P3D' }],
  })
  @IsOptional() @NestedObjects(() => RolloutStageDto) @ArrayMaxSize(10)
  rollout?: RolloutStageDto[] | null;
  @ApiProperty({ type: MechanicDto }) @IsDefined() @NestedObject(() => MechanicDto) mechanic!: MechanicDto;
  @ApiPropertyOptional({ type: String, enum: CHANNEL_NAMES, default: 'sandbox', nullable: true }) @IsOptional() @IsIn(CHANNEL_NAMES) channel?: string | null;
  @ApiPropertyOptional({
    default: DEFAULT_MAX_LATENESS_HOURS,
    minimum: 1,
    maximum: MAX_LATENESS_HOURS_LIMIT,
    description: 'events received more than this many hours after they happened are stored and explained (TOO_LATE) but enter nothing',
  })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_LATENESS_HOURS_LIMIT)
  maxLatenessHours?: number;
}
