import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

export class WorkerEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(256)
  WORKER_CONCURRENCY = 32;

  /** How often the outbox sweeper looks for work Postgres holds but Redis lost. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(200) @Max(600_000)
  SWEEP_INTERVAL_MS = 5_000;

  /** Age after which un-finished work counts as lost and is re-enqueued. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000)
  SWEEP_GRACE_MS = 10_000;

  /**
   * How long work the fast path did enqueue may wait before the sweeper assumes Redis lost it
   * and offers it again (longer than any healthy backlog, so batch jobs are not doubled).
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1_000) @Max(86_400_000)
  SWEEP_STALE_MS = 300_000;

  /** Analysis steps (audio decoding and measuring) at once; each takes a core while it runs. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(64)
  ANALYSIS_CONCURRENCY = 2;
}
