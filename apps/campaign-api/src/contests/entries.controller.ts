import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CampaignIdPipe, NodeIdPipe } from '@lib/http-kit';
import { EntriesService, ModerationFilter } from './entries.service';

class EntriesQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] }) @IsOptional() @IsIn(['pending', 'approved', 'rejected']) moderation?: ModerationFilter;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit: number = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset: number = 0;
}

class ReviewDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(500) reason?: string;
}

/** The moderation queue of a contest node (the UGC contest's entries). */
@ApiTags('contests')
@Controller('v1/campaigns/:campaignId/nodes/:nodeId/entries')
export class EntriesController {
  constructor(private readonly entries: EntriesService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "A contest node's entries, in entry order, optionally by moderation state (the review queue: moderation=pending)" })
  list(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('nodeId', NodeIdPipe) nodeId: string, @Query() q: EntriesQueryDto) {
    return this.entries.list(auth, campaignId, nodeId, q.moderation, q.offset, q.limit);
  }

  @Post(':entryId/review')
  @HttpCode(202)
  @Roles('marketer', 'staff')
  @ApiOperation({ summary: 'Approve or reject an entry; applied by the worker (the entry, its author’s other entries and its votes are judged again)' })
  review(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('nodeId', NodeIdPipe) nodeId: string,
    @Param('entryId') entryId: string,
    @Body() dto: ReviewDto,
  ) {
    return this.entries.review(auth, campaignId, nodeId, entryId.slice(0, 200), dto.decision, dto.reason ?? null);
  }
}
