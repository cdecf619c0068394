import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

export class IngestEnv {
  /** How far in the future an occurredAt may lie before the event is rejected. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(86_400_000)
  CLOCK_SKEW_MS = 300_000;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000)
  INGEST_MAX_BATCH = 1000;
}
