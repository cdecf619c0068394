import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CHANNELS } from '@lib/domain';
import { IsInstant } from '../common/is-instant';
import { EVENT_TYPE } from '../nodes/node.dto';

export class EventDto {
  @ApiProperty({ example: 'purchase' }) @Matches(EVENT_TYPE, { message: 'type is lowercase letters, digits, _ . -' }) type!: string;

  @ApiProperty({ example: 'buyer-1001', description: "the shop's opaque id for the person (no phone numbers or e-mail)" })
  @IsString() @MinLength(1) @MaxLength(128) @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'participantId may hold letters, digits and . _ : -' })
  participantId!: string;

  @ApiProperty({ example: '2026-03-03T10:15:00+08:00' }) @IsInstant() occurredAt!: string;

  @ApiProperty({ example: 'order-88231' }) @IsString() @MinLength(1) @MaxLength(200) idempotencyKey!: string;

  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: string;

  @ApiPropertyOptional({ example: { sku: 'mi-11', amount: 1999 } }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

export type EventStatus = 'accepted' | 'duplicate' | 'rejected';

export interface EventResult {
  index: number;
  idempotencyKey: string;
  status: EventStatus;
  eventId?: string;
  reason?: string;
}
