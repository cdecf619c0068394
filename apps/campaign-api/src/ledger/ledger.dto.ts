import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { EXTERNAL_ID_PATTERN, LEDGER_STATES, LedgerState, REWARD_KINDS, RewardKind } from '@lib/domain';
import { NotNull } from '@lib/http-kit';
import { IsCurrency } from '../common/is-currency';
import { ListQueryDto } from '../common/list-query.dto';

// Money is an integer of minor units (fen, cents), bounded so a JSON number carries it exactly;
// stock fits PostgreSQL's integer.
export const MAX_STOCK = 1_000_000_000;
export const MAX_UNIT_VALUE_MINOR = 1_000_000_000_000;

export class CreatePrizePoolDto {
  @ApiProperty({ example: 'Xiaomi 11, black' }) @NotNull() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 36, minimum: 0, maximum: MAX_STOCK }) @NotNull() @IsInt() @Min(0) @Max(MAX_STOCK) stockTotal!: number;
  @ApiProperty({ example: 199900, description: 'value of one unit in minor units (fen)', minimum: 0, maximum: MAX_UNIT_VALUE_MINOR })
  @NotNull() @IsInt() @Min(0) @Max(MAX_UNIT_VALUE_MINOR)
  unitValueMinor!: number;
  @ApiProperty({ example: 'CNY', description: "must be the campaign's reward currency once it has one" }) @NotNull() @IsCurrency() currency!: string;
  @ApiPropertyOptional({ type: Number, example: 1, nullable: true, description: 'units one participant may hold; null: no limit' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_STOCK)
  perParticipantLimit?: number | null;
}

export class UpdatePrizePoolDto {
  @ApiPropertyOptional({ example: 'Xiaomi 11, white' }) @IsOptional() @NotNull() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ example: 40, description: 'never below the units already reserved or given' })
  @IsOptional() @NotNull() @IsInt() @Min(0) @Max(MAX_STOCK)
  stockTotal?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null removes the limit' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_STOCK)
  perParticipantLimit?: number | null;
}

export class PutBudgetDto {
  @ApiProperty({ example: 'CNY' }) @NotNull() @IsCurrency() currency!: string;
  @ApiProperty({ type: Number, example: 5_000_000, nullable: true, description: 'cap in minor units; null: no cap (spend is still counted)' })
  @ValidateIf((o: PutBudgetDto) => o.totalMinor !== null) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  totalMinor!: number | null;
}

export class LedgerQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: "the participant's external id, as in events" })
  @IsOptional() @IsString() @Matches(EXTERNAL_ID_PATTERN)
  participantId?: string;
  @ApiPropertyOptional({ enum: LEDGER_STATES }) @IsOptional() @IsIn(LEDGER_STATES) state?: LedgerState;
  @ApiPropertyOptional({ enum: REWARD_KINDS }) @IsOptional() @IsIn(REWARD_KINDS) kind?: RewardKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() poolId?: string;
}

export class ClawbackDto {
  @ApiProperty({ example: 'one person behind 40 accounts' }) @NotNull() @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}
