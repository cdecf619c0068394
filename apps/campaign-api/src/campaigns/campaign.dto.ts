import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEnum, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CampaignStatus, CHANNELS, SPREAD_KINDS } from '@lib/domain';
import { NotNull } from '@lib/http-kit';
import { IsWeightMap, NotEqualTo } from '../common/is-weight-map';
import { IsInstant, IsTimeZone } from '../common/is-instant';
import { IsHhmm } from '../common/is-hhmm';
import { NestedObject } from '../common/nested';

export class QuietHoursDto {
  @ApiProperty({ example: '22:00' }) @IsHhmm() from!: string;
  @ApiProperty({ example: '08:00' }) @IsHhmm() @NotEqualTo('from') to!: string;
}

export class FrequencyCapDto {
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(100) max!: number;
  @ApiProperty({ example: 24 }) @IsInt() @Min(1) @Max(24 * 30) perHours!: number;
}

export class ScoringWeightsDto {
  @ApiPropertyOptional({ type: Object, example: { post: 1, repost: 1 }, nullable: true }) @IsOptional() @IsObject() @IsWeightMap(SPREAD_KINDS) base?: Record<string, number> | null;
  @ApiPropertyOptional({ type: Object, example: { wechat: 1, weibo: 0.3 }, nullable: true }) @IsOptional() @IsObject() @IsWeightMap(CHANNELS) tie?: Record<string, number> | null;
  @ApiPropertyOptional({ type: Number, example: 0.8, nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1) depthDecay?: number | null;
}

// null: absent on create, "clear" on update (description → '', scoring → defaults, the rest
// → none). name and timezone cannot be cleared: null is refused with one message.
export class CreateCampaignDto {
  @ApiProperty({ example: 'Tuesday open purchase' }) @NotNull() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) @NotNull() @IsTimeZone() timezone!: string;
  @ApiPropertyOptional({ type: String, example: '2026-03-01T00:00:00+08:00', nullable: true }) @IsOptional() @IsInstant() startsAt?: string | null;
  @ApiPropertyOptional({ type: String, example: '2026-06-01T00:00:00+08:00', nullable: true }) @IsOptional() @IsInstant() endsAt?: string | null;
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true }) @IsOptional() @NestedObject(() => QuietHoursDto) quietHours?: QuietHoursDto | null;
  @ApiPropertyOptional({ type: FrequencyCapDto, nullable: true }) @IsOptional() @NestedObject(() => FrequencyCapDto) frequencyCap?: FrequencyCapDto | null;
  @ApiPropertyOptional({ type: ScoringWeightsDto, nullable: true }) @IsOptional() @NestedObject(() => ScoringWeightsDto) scoring?: ScoringWeightsDto | null;
}

// skipNullProperties: false keeps null in view of the rules: the nullable fields above skip
// it themselves (IsOptional), while name and timezone meet NotNull.
export class UpdateCampaignDto extends PartialType(CreateCampaignDto, { skipNullProperties: false }) {}

export class TransitionDto {
  @ApiProperty({ enum: CampaignStatus }) @IsEnum(CampaignStatus) status!: CampaignStatus;
}
