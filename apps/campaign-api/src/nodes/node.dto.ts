import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { CONDITION_OPS, ConditionOp, DEFAULT_MAX_LATENESS_HOURS, MAX_LATENESS_HOURS_LIMIT, ReentryRule } from '@lib/domain';
import { CHANNEL_NAMES } from '@lib/channels';
import { IsInstant } from '../common/is-instant';

export const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ConditionDto {
  @ApiProperty({ example: 'amount' }) @IsString() @Matches(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+){0,5}$/) field!: string;
  @ApiProperty({ enum: CONDITION_OPS }) @IsIn(CONDITION_OPS) op!: ConditionOp;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() value?: unknown;
}

export class TriggerDto {
  @ApiProperty({ example: 'purchase' }) @Matches(EVENT_TYPE, { message: 'eventType is lowercase letters, digits, _ . -' }) eventType!: string;
  @ApiPropertyOptional({ type: [ConditionDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ConditionDto)
  conditions?: ConditionDto[];
}

export class AudienceDto {
  @ApiPropertyOptional({ example: ['core-fans'], description: 'omit for everyone' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true })
  circles?: string[];
}

export class WeeklySlotDto {
  @ApiProperty({ example: [2], description: 'ISO weekdays, 1 = Monday … 7 = Sunday' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true })
  days!: number[];
  @ApiProperty({ example: '10:00' }) @Matches(HHMM, { message: 'from must be HH:mm' }) from!: string;
  @ApiProperty({ example: '22:00' }) @Matches(HHMM, { message: 'to must be HH:mm' }) to!: string;
}

export class WindowDto {
  @ApiPropertyOptional() @IsOptional() @IsInstant() startsAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() endsAt?: string;
  @ApiPropertyOptional({ type: [WeeklySlotDto], description: "recurring slots in the campaign's time zone" })
  @IsOptional() @IsArray() @ArrayMaxSize(14) @ValidateNested({ each: true }) @Type(() => WeeklySlotDto)
  weekly?: WeeklySlotDto[];
}

export class MechanicDto {
  @ApiProperty({ example: 'social-post' }) @IsString() @MaxLength(64) kind!: string;
  @ApiProperty({ example: { prompts: ['More egg or more pancake?'], topic: 'TuesdayOpenPurchase' } }) @IsObject() config!: Record<string, unknown>;
}

export class CreateNodeDto {
  @ApiProperty({ example: 'Post after purchase' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ type: TriggerDto }) @ValidateNested() @Type(() => TriggerDto) trigger!: TriggerDto;
  @ApiPropertyOptional({ type: AudienceDto }) @IsOptional() @ValidateNested() @Type(() => AudienceDto) audience?: AudienceDto;
  @ApiPropertyOptional({ type: WindowDto }) @IsOptional() @ValidateNested() @Type(() => WindowDto) window?: WindowDto;
  @ApiPropertyOptional({ enum: ReentryRule, default: ReentryRule.Once }) @IsOptional() @IsEnum(ReentryRule) reentry?: ReentryRule;
  @ApiProperty({ type: MechanicDto }) @ValidateNested() @Type(() => MechanicDto) mechanic!: MechanicDto;
  @ApiPropertyOptional({ enum: CHANNEL_NAMES, default: 'sandbox' }) @IsOptional() @IsIn(CHANNEL_NAMES) channel?: string;
  @ApiPropertyOptional({
    default: DEFAULT_MAX_LATENESS_HOURS,
    minimum: 1,
    maximum: MAX_LATENESS_HOURS_LIMIT,
    description: 'events received more than this many hours after they happened are stored and explained (TOO_LATE) but enter nothing',
  })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_LATENESS_HOURS_LIMIT)
  maxLatenessHours?: number;
}
