import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { Channel } from '@lib/domain';

export class SocialPostReward {
  @IsString() @MinLength(1) @MaxLength(200) description!: string;
}

/** Config of a "post after purchase" node (the Tuesday open-purchase Weibo prompt). */
export class SocialPostConfig {
  /** Topic prompts, so buyers have something to say ("more egg or more pancake?"). */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(280, { each: true })
  prompts!: string[];

  @IsOptional() @IsInt() @Min(1) @Max(10)
  promptsToShow: number = 2;

  /** Topic the post must carry, without the # marks (Weibo writes topics as #topic#). */
  @IsString() @Matches(/^[^#\s]{1,60}$/, { message: 'topic is 1–60 characters with no # or spaces' })
  topic!: string;

  @IsOptional() @IsInt() @Min(1) @Max(24 * 30)
  deadlineHours: number = 72;

  /** The network the post is expected on; weights the spread event's tie strength. */
  @IsOptional() @IsIn([Channel.Weibo, Channel.WeChat, Channel.QqZone, Channel.Forum])
  postChannel: Channel = Channel.Weibo;

  @IsOptional() @ValidateNested() @Type(() => SocialPostReward)
  reward?: SocialPostReward;
}
