import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS } from '@lib/domain';
import { RejectReason } from './event-envelope';

/** The shape of one event, for the OpenAPI document; checked by event-envelope.ts. */
export class EventDto {
  @ApiProperty({ example: 'purchase', description: 'a built-in type (purchase, post, repost, follow, referral) or one the workspace declared' })
  type!: string;
  @ApiProperty({ example: 'buyer-1001', description: "the shop's opaque id for the person (no phone numbers or e-mail)" })
  participantId!: string;
  @ApiProperty({ example: '2026-03-03T10:15:00+08:00', description: 'business time, ISO-8601 with a zone offset' })
  occurredAt!: string;
  @ApiProperty({ example: 'order-88231', description: 'the same key with the same event is a duplicate; with another event it is refused' })
  idempotencyKey!: string;
  @ApiPropertyOptional({ enum: CHANNELS }) channel?: string;
  @ApiPropertyOptional({ example: { orderId: 'order-88231', amount: 1999, currency: 'CNY', sku: 'mi-11' }, description: "checked against the type's schema (GET /v1/event-types)" })
  data?: Record<string, unknown>;
}

export type EventStatus = 'accepted' | 'duplicate' | 'rejected';

export interface EventResult {
  index: number;
  idempotencyKey?: string;
  status: EventStatus;
  eventId?: string;
  reason?: RejectReason;
  field?: string;
  message?: string;
}
