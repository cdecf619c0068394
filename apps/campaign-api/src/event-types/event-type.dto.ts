import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { EVENT_TYPE_PATTERN, FIELD_TYPES, FieldType } from '@lib/domain';

export class FieldRuleDto {
  @ApiProperty({ example: 'city' }) @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { message: 'name is a letter or _ then letters, digits or _ (at most 64)' })
  name!: string;
  @ApiProperty({ enum: FIELD_TYPES }) @IsIn(FIELD_TYPES) type!: FieldType;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional({ description: 'numbers: minimum; strings and lists: minimum length' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) min?: number;
  @ApiPropertyOptional({ description: 'numbers: maximum; strings and lists: maximum length' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) max?: number;
  @ApiPropertyOptional({ example: ['Beijing', 'Shanghai'] })
  @IsOptional() @IsArray() @ArrayMaxSize(200)
  enum?: (string | number)[];
}

export class EventTypeBodyDto {
  @ApiPropertyOptional({ example: 'A fan checked in at a city meetup' }) @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiProperty({ type: [FieldRuleDto] })
  @IsDefined() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => FieldRuleDto)
  fields!: FieldRuleDto[];
  @ApiPropertyOptional({ default: true, description: 'whether data may carry fields not declared here' })
  @IsOptional() @IsBoolean() additionalFields?: boolean;
}

export class CreateEventTypeDto extends EventTypeBodyDto {
  @ApiProperty({ example: 'meetup.checkin' }) @IsString() @Matches(EVENT_TYPE_PATTERN, { message: 'name is lowercase letters, digits and _ . - (at most 64), starting with a letter' })
  name!: string;
}
