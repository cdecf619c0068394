import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CIRCLE_NAME_MAX, CIRCLE_NAME_PATTERN, MAX_PHASES, MAX_RINGS, MAX_RULE_DAYS, MAX_RULE_POINTS, MAX_SEATS, PromotionRule, SeatPhase } from '@lib/circles';
import { EXTERNAL_ID_PATTERN } from '@lib/domain';
import { NotNull } from '@lib/http-kit';
import { IsInstant } from '../common/is-instant';
import { NestedObject, NestedObjects } from '../common/nested';

export class PromotionRuleDto {
  @ApiProperty({ enum: ['rule', 'marketer'], description: "'marketer': only by a marketer's decision" }) @NotNull() @IsIn(['rule', 'marketer']) mode!: 'rule' | 'marketer';
  @ApiPropertyOptional({ enum: ['all', 'any'], default: 'all', description: 'every set criterion, or one of them' }) @IsOptional() @NotNull() @IsIn(['all', 'any']) match?: 'all' | 'any';
  @ApiPropertyOptional({ type: Number, example: 3, description: 'completed activities since entering the outer ring' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RULE_POINTS)
  minPoints?: number | null;
  @ApiPropertyOptional({ type: Number, example: 2.5, description: 'counted spread weight since entering the outer ring' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_RULE_POINTS)
  minSpreadScore?: number | null;
  @ApiPropertyOptional({ type: Number, example: 14, description: 'days (of 24 h) in the outer ring' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_RULE_DAYS)
  minTenureDays?: number | null;
}

export class PhaseDto {
  @ApiProperty({ example: '2026-03-01T10:00:00+08:00' }) @NotNull() @IsInstant() opensAt!: string;
  @ApiProperty({ example: 100, minimum: 0, maximum: MAX_SEATS }) @NotNull() @IsInt() @Min(0) @Max(MAX_SEATS) seats!: number;
}

export class UpdateCircleDto {
  @ApiPropertyOptional({ type: PromotionRuleDto, nullable: true, description: 'how members of the next outer ring get in; null: no rule' })
  @IsOptional() @NestedObject(() => PromotionRuleDto)
  promotion?: PromotionRuleDto | null;
  @ApiPropertyOptional({ type: Number, example: 30, nullable: true, description: 'members with no event for this many days move one ring out' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RULE_DAYS)
  demoteAfterInactiveDays?: number | null;
  @ApiPropertyOptional({ type: [PhaseDto], description: 'seed gating: seats that open at each instant; [] admits everyone' })
  @IsOptional() @NotNull() @ArrayMaxSize(MAX_PHASES) @NestedObjects(() => PhaseDto)
  phases?: PhaseDto[];
}

export class CreateCircleDto extends UpdateCircleDto {
  @ApiProperty({ example: 'core-fans', maxLength: CIRCLE_NAME_MAX, description: 'lower-case letters, digits and -; fixed once created' })
  @NotNull() @IsString() @MaxLength(CIRCLE_NAME_MAX) @Matches(CIRCLE_NAME_PATTERN)
  name!: string;
  @ApiPropertyOptional({ example: 2, minimum: 1, maximum: MAX_RINGS, description: '1 = innermost; default: outermost' })
  @IsOptional() @NotNull() @IsInt() @Min(1) @Max(MAX_RINGS)
  position?: number;
}

export class ReorderCirclesDto {
  @ApiProperty({ type: [String], example: ['honorary-developers', 'core-fans', 'fans'], description: 'every circle once, innermost first' })
  @NotNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_RINGS) @IsString({ each: true }) @MaxLength(CIRCLE_NAME_MAX, { each: true }) @Matches(CIRCLE_NAME_PATTERN, { each: true })
  circles!: string[];
}

export class AdmissionRequestDto {
  @ApiProperty({ example: 'fan-42', description: "the participant's external id, as in events" })
  @NotNull() @IsString() @MaxLength(200) @Matches(EXTERNAL_ID_PATTERN)
  participantId!: string;
  @ApiPropertyOptional({ example: '2026-03-01T10:00:05+08:00', description: 'business time of the request (waitlist order); default: now' })
  @IsOptional() @NotNull() @IsInstant()
  requestedAt?: string;
}

export function toRule(dto: PromotionRuleDto | null | undefined): PromotionRule | null | undefined {
  if (dto === undefined || dto === null) return dto;
  if (dto.mode === 'marketer') return { mode: 'marketer' };
  return { mode: 'rule', match: dto.match ?? 'all', minPoints: dto.minPoints ?? null, minSpreadScore: dto.minSpreadScore ?? null, minTenureDays: dto.minTenureDays ?? null };
}

export function toPhases(dto: PhaseDto[] | undefined): SeatPhase[] | undefined {
  return dto?.map((p) => ({ opensAt: new Date(p.opensAt), seats: p.seats }));
}
