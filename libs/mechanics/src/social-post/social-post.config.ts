import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy, ValidateNested,
} from 'class-validator';
import { Channel } from '@lib/domain';
import { canonicalTopic } from './topic-match';

/** 1–60 characters once trimmed (counted as matched: NFKC, spaces collapsed), and no # of any width. */
function IsCampaignTopic(): PropertyDecorator {
  return ValidateBy({
    name: 'isCampaignTopic',
    validator: {
      validate: (value: unknown) => {
        const t = typeof value === 'string' ? canonicalTopic(value) : null;
        return t !== null && [...t].length <= 60;
      },
      defaultMessage: () => 'topic is 1–60 characters after trimming, with no #',
    },
  });
}

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

  /** Topic the post must carry, without the # marks (Weibo writes #topic#); spaces and CJK allowed. */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @IsCampaignTopic()
  topic!: string;

  @IsOptional() @IsInt() @Min(1) @Max(24 * 30)
  deadlineHours: number = 72;

  /** The network the post is expected on; weights the spread event's tie strength. */
  @IsOptional() @IsIn([Channel.Weibo, Channel.WeChat, Channel.QqZone, Channel.Forum])
  postChannel: Channel = Channel.Weibo;

  @IsOptional() @ValidateNested() @Type(() => SocialPostReward)
  reward?: SocialPostReward;
}
