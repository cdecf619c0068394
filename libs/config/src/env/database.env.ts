import { IsOptional, IsInt, Matches, Min, Max } from 'class-validator';
import { Type } from 'class-transformer';

export class DatabaseEnv {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/canyu';

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 20;
}
