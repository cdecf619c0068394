import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsInstant, IsLaterThan } from '../shared/instant-rules';

/** Config of a lottery node (a draw among the people who entered it, e.g. at a fan party). */
export class DrawConfig {
  /** Tells a node's draws apart in proofs ("grand prize"). */
  @IsString() @MinLength(1) @MaxLength(200) name: string = 'draw';

  @IsInt() @Min(1) @Max(100_000) winners!: number;

  /**
   * When the seed's commitment is published. Defaults to when the campaign's phases are first
   * scheduled (at once); set it to the moment entries open so nobody can enter after a reveal.
   */
  @IsOptional() @IsInstant() entriesOpenAt?: string;

  /** The draw: entrants are the participants who entered the node before this instant. */
  @IsInstant() @IsLaterThan('entriesOpenAt', (o) => (o as DrawConfig).entriesOpenAt) drawAt!: string;

  /** Prizes for the winners come from this pool of the campaign's ledger. */
  @IsOptional() @IsUUID() prizePoolId?: string;
}
