import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CampaignStatus, CHANNELS, SPREAD_KINDS } from '@lib/domain';
import { IsWeightMap, NotEqualTo } from '../common/is-weight-map';
import { IsInstant, IsTimeZone } from '../common/is-instant';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '22:00' }) @Matches(HHMM, { message: 'from must be HH:mm' }) from!: string;
  @ApiProperty({ example: '08:00' }) @Matches(HHMM, { message: 'to must be HH:mm' }) @NotEqualTo('from') to!: string;
}

export class FrequencyCapDto {
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(100) max!: number;
  @ApiProperty({ example: 24 }) @IsInt() @Min(1) @Max(24 * 30) perHours!: number;
}

export class ScoringWeightsDto {
  @ApiPropertyOptional({ example: { post: 1, repost: 1 } }) @IsOptional() @IsObject() @IsWeightMap(SPREAD_KINDS) base?: Record<string, number>;
  @ApiPropertyOptional({ example: { wechat: 1, weibo: 0.3 } }) @IsOptional() @IsObject() @IsWeightMap(CHANNELS) tie?: Record<string, number>;
  @ApiPropertyOptional({ example: 0.8 }) @IsOptional() @IsNumber() @Min(0) @Max(1) depthDecay?: number;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'Tuesday open purchase' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) @IsTimeZone() timezone!: string;
  @ApiPropertyOptional({ example: '2026-03-01T00:00:00+08:00' }) @IsOptional() @IsInstant() startsAt?: string;
  @ApiPropertyOptional({ example: '2026-06-01T00:00:00+08:00' }) @IsOptional() @IsInstant() endsAt?: string;
  @ApiPropertyOptional({ type: QuietHoursDto }) @IsOptional() @ValidateNested() @Type(() => QuietHoursDto) quietHours?: QuietHoursDto;
  @ApiPropertyOptional({ type: FrequencyCapDto }) @IsOptional() @ValidateNested() @Type(() => FrequencyCapDto) frequencyCap?: FrequencyCapDto;
  @ApiPropertyOptional({ type: ScoringWeightsDto }) @IsOptional() @ValidateNested() @Type(() => ScoringWeightsDto) scoring?: ScoringWeightsDto;
}

export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}

export class TransitionDto {
  @ApiProperty({ enum: CampaignStatus }) @IsEnum(CampaignStatus) status!: CampaignStatus;
}
