import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** Config of a node that hands out invite codes to whoever enters it (after a purchase, on joining a circle). */
export class InviteCodeConfig {
  /** The campaign's code pool the codes come from; its rules (circles, limit, from when, expiry, capacity) apply. */
  @IsUUID() poolId!: string;

  /** Codes per participant who enters the node. */
  @IsOptional() @IsInt() @Min(1) @Max(10) count: number = 1;
}
