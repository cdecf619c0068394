import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '../common/is-instant';
import { NestedObject } from '../common/nested';

const MAX_COUNT = 1_000_000_000;

export class RolloutThresholdDto {
  @ApiPropertyOptional({ example: 100, minimum: 1, description: 'activities of this node (admitted entries, any state), counted from the node opening' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_COUNT)
  participations?: number;
  @ApiPropertyOptional({ example: 20, minimum: 1, description: "inputs of this node judged and accepted (a verified post, an accepted entry)" })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_COUNT)
  verifiedPosts?: number;
}

/**
 * One ring of a node's rollout. Stage 1 opens with the node; each later stage opens when its
 * delay after the previous stage's opening passes (`after`, or the instant `opensAt`) or when
 * its threshold is reached, whichever comes first, never before the previous stage.
 */
export class RolloutStageDto {
  @ApiPropertyOptional({ type: [String], example: ['core-fans'], description: 'the fan circles of this stage (or everyone: true)' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true })
  circles?: string[] | null;
  @ApiPropertyOptional({ example: true, description: 'every participant not named by an earlier stage; only the last stage' })
  @IsOptional() @IsBoolean()
  everyone?: boolean | null;
  @ApiPropertyOptional({ example: 'PT48H', description: 'ISO 8601 duration after the previous stage opened (stage 2 onwards)' })
  @IsOptional() @IsString() @MaxLength(40)
  after?: string | null;
  @ApiPropertyOptional({ type: String, example: '2026-03-03T10:00:00+08:00', description: 'opens at this instant (instead of after), not before the previous stage' })
  @IsOptional() @IsInstant()
  opensAt?: string | null;
  @ApiPropertyOptional({ type: RolloutThresholdDto, description: 'opens early once any listed count is reached' })
  @IsOptional() @NestedObject(() => RolloutThresholdDto)
  threshold?: RolloutThresholdDto | null;
}

/** As shown by GET …/nodes/:id next to each stage. */
export class RolloutStageStatusDto {
  @ApiProperty({ example: 2 }) stage!: number;
  @ApiProperty({ enum: ['open', 'pending'] }) state!: 'open' | 'pending';
  @ApiPropertyOptional({ type: String, nullable: true, description: 'when the stage opened' }) openedAt!: string | null;
  @ApiPropertyOptional({ enum: ['NODE_OPEN', 'DELAY', 'THRESHOLD'], nullable: true }) reason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'pending: when its delay opens it (null while only a threshold can)' }) opensAt!: string | null;
}
