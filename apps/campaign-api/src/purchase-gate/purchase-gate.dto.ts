import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { EXTERNAL_ID_PATTERN } from '@lib/domain';
import { NotNull } from '@lib/http-kit';
import { NestedObjects } from '../common/nested';
import { WeeklySlotDto } from '../nodes/node.dto';

export class PutPurchaseGateDto {
  @ApiPropertyOptional({ type: [String], nullable: true, example: ['mi-1-16g'], description: 'gated products; null or absent: every product' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  skus?: string[] | null;

  @ApiProperty({ type: [WeeklySlotDto], example: [{ days: [2], from: '10:00', to: '22:00' }], description: "open-purchase slots in the campaign's time zone (start inclusive, end exclusive); [] for none" })
  @NotNull() @NestedObjects(() => WeeklySlotDto) @ArrayMaxSize(14)
  openPurchase!: WeeklySlotDto[];
}

export class GateCheckDto {
  @ApiProperty({ example: 'fan-42', description: "the shop's id for the buyer, as in events" })
  @NotNull() @IsString() @Matches(EXTERNAL_ID_PATTERN) participantId!: string;

  @ApiProperty({ example: 'mi-1-16g' }) @NotNull() @IsString() @MinLength(1) @MaxLength(200) sku!: string;

  @ApiPropertyOptional({ example: 'K7QM-VX3D-9P', description: 'an invite code; reserved for this purchase when a code is needed' })
  @IsOptional() @IsString() @MaxLength(64) code?: string;
}

export interface PurchaseGateView {
  campaignId: string;
  skus: string[] | null;
  openPurchase: { days: number[]; from: string; to: string }[];
  timezone: string;
  version: number;
  updatedAt: string;
}
