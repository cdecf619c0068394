import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EXTERNAL_ID_PATTERN } from '@lib/domain';
import { MAX_ALLOCATE, MAX_GENERATE } from '@lib/codes';
import { NotNull } from '@lib/http-kit';
import { IsInstant } from '../common/is-instant';

const SKU = /^[A-Za-z0-9._:/-]{1,128}$/;
const CIRCLE = /^[a-z0-9-]{1,64}$/; // as participant.circle (PUT …/participants/:id)

export class CreateCodePoolDto {
  @ApiProperty({ example: 'Mi 11 launch invites' }) @NotNull() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ type: [String], example: ['mi-11-black'], description: 'products the codes unlock; absent: any product' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @Matches(SKU, { each: true })
  skus?: string[];
  @ApiPropertyOptional({ example: '2026-12-31T16:00:00Z', description: 'codes are dead from this instant' }) @IsOptional() @IsInstant() expiresAt?: string;
  @ApiPropertyOptional({ type: [String], example: ['core-fans'], description: 'participant circles allowed an allocation; absent: everyone' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @Matches(CIRCLE, { each: true })
  circles?: string[];
  @ApiPropertyOptional({ example: 2, description: 'codes one participant may be allocated; absent: no limit' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  perParticipantLimit?: number;
  @ApiPropertyOptional({ example: '2026-12-01T02:00:00Z', description: 'allocations start at this instant (inclusive)' }) @IsOptional() @IsInstant() allocatableFrom?: string;
  @ApiPropertyOptional({ example: 900, default: 900, description: 'seconds a purchase-gate reservation holds a code' })
  @IsOptional() @IsInt() @Min(30) @Max(7 * 24 * 3600)
  holdSeconds?: number;
  @ApiPropertyOptional({ example: 100_000, description: 'codes the pool may ever hold; absent: no cap' })
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000)
  capacity?: number;
}

export class GenerateCodesDto {
  @ApiProperty({ example: 1000, minimum: 1, maximum: MAX_GENERATE }) @NotNull() @IsInt() @Min(1) @Max(MAX_GENERATE) count!: number;
}

export class GenerateQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv streams one code a line, for printing' })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class AllocateCodesDto {
  @ApiProperty({ example: 'fan-8812', description: "the participant's external id" }) @NotNull() @IsString() @Matches(EXTERNAL_ID_PATTERN) participantId!: string;
  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1, maximum: MAX_ALLOCATE }) @IsOptional() @IsInt() @Min(1) @Max(MAX_ALLOCATE) count?: number;
}

export class RedeemCodeDto {
  @ApiProperty({ example: '7KQ2-M9XD-HT4', description: 'as typed: case, spaces and dashes do not matter' }) @NotNull() @IsString() @MaxLength(100) code!: string;
  @ApiProperty({ example: 'fan-8812' }) @NotNull() @IsString() @Matches(EXTERNAL_ID_PATTERN) participantId!: string;
}

export class TransferCodeDto {
  @ApiProperty({ example: '7KQ2-M9XD-HT4' }) @NotNull() @IsString() @MaxLength(100) code!: string;
  @ApiProperty({ example: 'fan-8812' }) @NotNull() @IsString() @Matches(EXTERNAL_ID_PATTERN) fromParticipantId!: string;
  @ApiProperty({ example: 'fan-9001' }) @NotNull() @IsString() @Matches(EXTERNAL_ID_PATTERN) toParticipantId!: string;
}

export class CodeLookupDto {
  @ApiProperty({ example: '7KQ2-M9XD-HT4' }) @NotNull() @IsString() @MaxLength(100) code!: string;
}
